package dev.cql.scorecard;

import dev.cql.api.Context;
import dev.cql.api.CqlExpression;
import dev.cql.api.Value;
import dev.cql.entity.Entity;
import java.util.List;

/**
 * A scorecard or rule filter: entity types and groups to include or exclude, and a CQL query that must give
 * true. Every part given must hold. Types: with {@code include}, the entity's type must be listed; with
 * {@code exclude}, it must not be. Groups: with {@code include}, the entity must be in at least one listed
 * group; with {@code exclude}, in none of them.
 *
 * @param query the query's source, or null
 * @param compiledQuery the compiled query, or null
 * @param queryLine where the query's YAML scalar starts in the file (0 when there is no query)
 * @param queryColumn where the query's YAML scalar starts in the file
 */
public record EntityFilter(
    List<String> includeTypes,
    List<String> excludeTypes,
    List<String> includeGroups,
    List<String> excludeGroups,
    String query,
    CqlExpression compiledQuery,
    int queryLine,
    int queryColumn) {

  public EntityFilter {
    includeTypes = includeTypes == null ? List.of() : List.copyOf(includeTypes);
    excludeTypes = excludeTypes == null ? List.of() : List.copyOf(excludeTypes);
    includeGroups = includeGroups == null ? List.of() : List.copyOf(includeGroups);
    excludeGroups = excludeGroups == null ? List.of() : List.copyOf(excludeGroups);
  }

  /** Whether the types and groups parts keep the entity (the query is not looked at). */
  public boolean keepsByTypeAndGroup(Entity e) {
    if (!includeTypes.isEmpty() && !includeTypes.contains(e.type())) {
      return false;
    }
    if (excludeTypes.contains(e.type())) {
      return false;
    }
    if (!includeGroups.isEmpty() && includeGroups.stream().noneMatch(e::hasGroup)) {
      return false;
    }
    return excludeGroups.stream().noneMatch(e::hasGroup);
  }

  /**
   * Whether the query keeps the entity (true when there is no query).
   *
   * @throws dev.cql.api.error.CqlException when the query fails, or gives something other than a boolean
   */
  public boolean queryKeeps(Context context) {
    if (compiledQuery == null) {
      return true;
    }
    Value v = compiledQuery.evaluate(context);
    if (v.raw() instanceof Boolean b) {
      return b;
    }
    throw new dev.cql.api.error.CqlException(dev.cql.api.error.ErrorKind.TYPE, compiledQuery.span(),
        "the filter query must give a boolean, not " + dev.cql.eval.Values.kindWord(v.raw()) + " " + v,
        compiledQuery.source(), null);
  }

  /** A short description for reports, e.g. {@code types include [service]; query entity.tag() != "x"}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    part(sb, "types include", includeTypes);
    part(sb, "types exclude", excludeTypes);
    part(sb, "groups include", includeGroups);
    part(sb, "groups exclude", excludeGroups);
    if (query != null) {
      sb.append(sb.isEmpty() ? "" : "; ").append("query ").append(query.strip());
    }
    return sb.toString();
  }

  private static void part(StringBuilder sb, String what, List<String> items) {
    if (!items.isEmpty()) {
      sb.append(sb.isEmpty() ? "" : "; ").append(what).append(' ').append(items);
    }
  }
}
