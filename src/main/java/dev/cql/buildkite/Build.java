package dev.cql.buildkite;

import java.time.Instant;
import java.util.Map;

/**
 * A Buildkite build as the engine sees it: the fields of GET /v2/organizations/{org}/builds that CQL
 * exposes. Missing fields are null. {@code creator} and {@code pullRequest} are the JSON objects as plain
 * maps (String keys; values String, Long, BigDecimal, Boolean, List, Map or null), or null.
 *
 * @param pipeline the pipeline this build belongs to (from the embedded {@code pipeline} object)
 */
public record Build(
    String id,
    String graphqlId,
    long number,
    String state,
    boolean blocked,
    String branch,
    String commit,
    String message,
    String source,
    Instant createdAt,
    Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    String webUrl,
    String url,
    Map<String, Object> creator,
    Map<String, Object> pullRequest,
    Pipeline pipeline) {}
