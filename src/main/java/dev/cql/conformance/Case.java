package dev.cql.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One case of a conformance or rule-test file: an expression and either its expected result or its
 * expected error kind (and optionally position, message text, warnings). Data, entity, clock and
 * bindings are already merged from the file's defaults.
 *
 * @param result the expected value as JSON, or null when an error is expected
 * @param warnings expected warning texts (each a substring of one warning), or null when not checked
 */
public record Case(
    String id,
    String expr,
    JsonNode result,
    String error,
    int[] at,
    String message,
    List<String> warnings,
    Path data,
    String entity,
    Instant now,
    Map<String, Object> bindings) {}
