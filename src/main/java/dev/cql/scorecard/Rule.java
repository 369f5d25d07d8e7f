package dev.cql.scorecard;

import dev.cql.api.CqlExpression;
import java.time.Instant;

/**
 * One rule of a scorecard, its expression compiled.
 *
 * @param identifier the rule's {@code identifier}; when the file has none, derived from the title
 *     ({@code "Has a pipeline"} → {@code has-a-pipeline}); unique in the scorecard
 * @param weight the points the rule is worth (default 1)
 * @param level the name of the ladder level the rule belongs to, or null (the rule counts for the score only)
 * @param failureMessage the Mustache-style message shown when the rule fails, or null
 * @param effectiveFrom the rule is not applicable before this instant; null: always applicable
 * @param filter the rule's filter, or null
 * @param line where the rule starts in the file
 * @param expressionLine where the expression's YAML scalar starts in the file (1-based)
 * @param expressionColumn where the expression's YAML scalar starts in the file (1-based)
 */
public record Rule(
    String identifier,
    String title,
    String description,
    String expression,
    CqlExpression compiled,
    int weight,
    String level,
    String failureMessage,
    Instant effectiveFrom,
    EntityFilter filter,
    int line,
    int expressionLine,
    int expressionColumn) {}
