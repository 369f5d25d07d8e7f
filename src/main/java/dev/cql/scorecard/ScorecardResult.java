package dev.cql.scorecard;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A scorecard evaluated over entities.
 *
 * @param now the clock reading the rules were evaluated at
 * @param entities one result per entity asked for, ordered by tag (out-of-scope entities included)
 */
public record ScorecardResult(Scorecard scorecard, Instant now, List<EntityResult> entities) {

  public ScorecardResult {
    entities = List.copyOf(entities);
  }

  /** The entities the scorecard's filter keeps. */
  public List<EntityResult> inScope() {
    return entities.stream().filter(EntityResult::inScope).toList();
  }

  /**
   * The average of the in-scope entities' percentages (each entity counts once, whatever its total); entities
   * to which no rule applies are left out. Empty when there is no such entity.
   */
  public OptionalDouble averagePercentage() {
    return entities.stream().filter(e -> e.inScope() && e.percentage() != null).mapToDouble(EntityResult::percentage)
        .average();
  }

  public EntityResult entity(String tag) {
    return entities.stream().filter(e -> e.tag().equals(tag)).findFirst().orElse(null);
  }

  /** How many (entity, rule) evaluations came out this way. */
  public long count(Outcome outcome) {
    return entities.stream().mapToLong(e -> e.count(outcome)).sum();
  }
}
