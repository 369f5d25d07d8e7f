package dev.cql.scorecard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plain-text report: a table of the in-scope entities (tag, score/total, percentage, level), the average,
 * the entities out of scope, then per entity its failed and errored rules with their messages.
 */
public final class TextReport {

  private TextReport() {}

  public static String render(ScorecardResult result) {
    Scorecard card = result.scorecard();
    StringBuilder sb = new StringBuilder();
    sb.append(card.name()).append(" (").append(card.tag()).append(")\n");
    sb.append(card.rules().size()).append(" rule(s)");
    if (!card.levels().isEmpty()) {
      sb.append(", levels ").append(card.levels().stream().map(Level::name).collect(Collectors.joining(" < ")));
    }
    sb.append(", evaluated at ").append(Reports.timestamp(result.now())).append('\n').append('\n');

    List<EntityResult> in = result.inScope();
    if (in.isEmpty()) {
      sb.append("No entity is in scope.\n");
    } else {
      int w = Math.max(6, in.stream().mapToInt(e -> e.tag().length()).max().orElse(6));
      int sw = Math.max(5, in.stream().mapToInt(e -> (e.score() + "/" + e.total()).length()).max().orElse(5));
      sb.append(Reports.pad("ENTITY", w)).append("  ").append(Reports.padLeft("SCORE", sw)).append("  ")
          .append(Reports.padLeft("PERCENT", 7)).append("  LEVEL\n");
      for (EntityResult e : in) {
        sb.append(Reports.pad(e.tag(), w)).append("  ").append(Reports.padLeft(e.score() + "/" + e.total(), sw))
            .append("  ").append(Reports.padLeft(Reports.percent(e.percentage()), 7)).append("  ")
            .append(e.levelName()).append('\n');
      }
      sb.append('\n');
      sb.append("Average: ").append(result.averagePercentage().isPresent()
          ? Reports.percent(result.averagePercentage().getAsDouble()) : "n/a")
          .append(" over ").append(in.size()).append(in.size() == 1 ? " entity" : " entities").append('\n');
      if (!card.levels().isEmpty()) {
        Map<String, Long> byLevel = new LinkedHashMap<>();
        for (int i = card.levels().size() - 1; i >= 0; i--) {
          String name = card.levels().get(i).name();
          byLevel.put(name, in.stream().filter(e -> name.equals(e.level())).count());
        }
        byLevel.put(EntityResult.NO_LEVEL, in.stream().filter(e -> e.level() == null).count());
        sb.append("Levels: ").append(byLevel.entrySet().stream().map(x -> x.getKey() + " " + x.getValue())
            .collect(Collectors.joining(", "))).append('\n');
      }
      sb.append("Rules: ").append(result.count(Outcome.PASSED)).append(" passed, ")
          .append(result.count(Outcome.FAILED)).append(" failed, ")
          .append(result.count(Outcome.ERRORED)).append(" errored, ")
          .append(result.count(Outcome.NOT_APPLICABLE)).append(" not applicable\n");
    }
    List<String> out = result.entities().stream().filter(e -> !e.inScope()).map(EntityResult::tag).toList();
    if (!out.isEmpty()) {
      sb.append("Not in scope (the scorecard's filter): ").append(String.join(", ", out)).append('\n');
    }

    for (EntityResult e : in) {
      List<RuleResult> bad = e.rules().stream()
          .filter(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.ERRORED).toList();
      if (bad.isEmpty()) {
        continue;
      }
      sb.append('\n').append(e.tag()).append(": ").append(e.levelName()).append(", ").append(e.score()).append('/')
          .append(e.total()).append(" (").append(Reports.percent(e.percentage())).append(")\n");
      for (RuleResult r : bad) {
        sb.append("  ").append(r.outcome() == Outcome.FAILED ? "FAIL " : "ERROR").append(' ').append(r.title())
            .append(" [").append(r.identifier());
        if (r.level() != null) {
          sb.append(", ").append(r.level());
        }
        sb.append(", weight ").append(r.weight()).append(']');
        if (r.message() != null && !r.message().isBlank()) {
          String msg = r.message().strip().replace("\n", "\n      ");
          sb.append("\n      ").append(msg);
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
