package dev.cql.scorecard;

import java.util.Map;

/**
 * One rule's outcome for one entity.
 *
 * @param score the weight when passed, else 0
 * @param message for a failed rule its failure message with the captures filled in (null when the rule has
 *     none); for an errored rule the error ({@code error[KIND] L:C: message}, the position inside the
 *     expression); for a rule not applicable, why
 * @param errorKind the error kind's id ({@code type}, {@code data}, ...) for an errored rule, else null
 * @param captures the values the evaluation captured with {@code captures(name, value)}, as plain JSON-ready
 *     Java (maps, lists, strings, numbers, booleans, null)
 */
public record RuleResult(
    String identifier,
    String title,
    String level,
    int weight,
    Outcome outcome,
    int score,
    String message,
    String errorKind,
    Map<String, Object> captures) {

  public RuleResult {
    captures = captures == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(captures));
  }

  public boolean applicable() {
    return outcome != Outcome.NOT_APPLICABLE;
  }
}
