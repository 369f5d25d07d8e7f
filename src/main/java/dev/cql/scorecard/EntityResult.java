package dev.cql.scorecard;

import java.util.List;

/**
 * One entity's scorecard.
 *
 * @param inScope false when the scorecard's filter excludes the entity (then every rule is not applicable)
 * @param score the sum of the passed rules' weights
 * @param total the sum of the applicable rules' weights
 * @param percentage score / total × 100, or null when no rule applies (total 0)
 * @param level the name of the highest level held, or null for "No Level"
 * @param rules one result per rule of the scorecard, in the file's order
 */
public record EntityResult(
    String tag,
    String name,
    String type,
    boolean inScope,
    int score,
    int total,
    Double percentage,
    String level,
    List<RuleResult> rules) {

  /** What is shown for an entity that holds no level. */
  public static final String NO_LEVEL = "No Level";

  public EntityResult {
    rules = List.copyOf(rules);
  }

  /** The level's name, or "No Level". */
  public String levelName() {
    return level == null ? NO_LEVEL : level;
  }

  public RuleResult rule(String identifier) {
    return rules.stream().filter(r -> r.identifier().equals(identifier)).findFirst().orElse(null);
  }

  public long count(Outcome outcome) {
    return rules.stream().filter(r -> r.outcome() == outcome).count();
  }
}
