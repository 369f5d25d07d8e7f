package dev.cql.scorecard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON report:
 * <pre>
 * {"scorecard": {"tag", "name", "description", "file", "levels": [{name, rank, color, description}],
 *                "rules": [{identifier, title, expression, weight, level, description}]},
 *  "now": "...Z",
 *  "summary": {"entities", "in_scope", "average_percentage", "levels": {"Gold": n, ..., "No Level": n},
 *              "passed", "failed", "errored", "not_applicable"},
 *  "entities": [{"tag", "name", "type", "in_scope", "score", "total", "percentage", "level",
 *                "rules": [{identifier, title, level, weight, outcome, score, message, error_kind, captures}]}]}
 * </pre>
 * {@code outcome} is pass, fail, error or n/a; {@code level} null means "No Level"; percentages have one decimal
 * and are null when no rule applies. Keys are snake_case, as Buildkite's API writes them; {@code now} is ISO-8601 UTC
 * at second precision.
 */
public final class JsonReport {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String render(ScorecardResult result) {
    try {
      return JSON.writeValueAsString(tree(result));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report as plain maps and lists. */
  public static Map<String, Object> tree(ScorecardResult result) {
    Scorecard card = result.scorecard();
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> sc = new LinkedHashMap<>();
    sc.put("tag", card.tag());
    sc.put("name", card.name());
    sc.put("description", card.description());
    sc.put("file", card.file());
    List<Object> levels = new ArrayList<>();
    for (Level l : card.levels()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", l.name());
      m.put("rank", l.rank());
      m.put("color", l.color());
      m.put("description", l.description());
      levels.add(m);
    }
    sc.put("levels", levels);
    List<Object> rules = new ArrayList<>();
    for (Rule r : card.rules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("identifier", r.identifier());
      m.put("title", r.title());
      m.put("expression", r.expression());
      m.put("weight", r.weight());
      m.put("level", r.level());
      m.put("description", r.description());
      rules.add(m);
    }
    sc.put("rules", rules);
    root.put("scorecard", sc);
    root.put("now", Reports.timestamp(result.now()));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("entities", result.entities().size());
    summary.put("in_scope", result.inScope().size());
    summary.put("average_percentage", result.averagePercentage().isPresent()
        ? Reports.round(result.averagePercentage().getAsDouble()) : null);
    if (!card.levels().isEmpty()) {
      Map<String, Object> byLevel = new LinkedHashMap<>();
      for (int i = card.levels().size() - 1; i >= 0; i--) {
        String name = card.levels().get(i).name();
        byLevel.put(name, result.inScope().stream().filter(e -> name.equals(e.level())).count());
      }
      byLevel.put(EntityResult.NO_LEVEL, result.inScope().stream().filter(e -> e.level() == null).count());
      summary.put("levels", byLevel);
    }
    summary.put("passed", result.count(Outcome.PASSED));
    summary.put("failed", result.count(Outcome.FAILED));
    summary.put("errored", result.count(Outcome.ERRORED));
    summary.put("not_applicable", result.count(Outcome.NOT_APPLICABLE));
    root.put("summary", summary);

    List<Object> entities = new ArrayList<>();
    for (EntityResult e : result.entities()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tag", e.tag());
      m.put("name", e.name());
      m.put("type", e.type());
      m.put("in_scope", e.inScope());
      m.put("score", e.score());
      m.put("total", e.total());
      m.put("percentage", Reports.round(e.percentage()));
      m.put("level", e.level());
      List<Object> rs = new ArrayList<>();
      for (RuleResult r : e.rules()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("identifier", r.identifier());
        x.put("title", r.title());
        x.put("level", r.level());
        x.put("weight", r.weight());
        x.put("outcome", r.outcome().word());
        x.put("score", r.score());
        x.put("message", r.message());
        x.put("error_kind", r.errorKind());
        x.put("captures", r.captures());
        rs.add(x);
      }
      m.put("rules", rs);
      entities.add(m);
    }
    root.put("entities", entities);
    return root;
  }
}
