package dev.cql.api;

import dev.cql.api.error.Warning;
import java.util.List;
import java.util.Map;

/** A value with what its evaluation recorded: run-time warnings, captured values, and steps of work done. */
public record EvaluationResult(Value value, List<Warning> warnings, Map<String, Value> captures, long work) {

  public EvaluationResult {
    warnings = List.copyOf(warnings);
    captures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(captures));
  }
}
