package dev.cql.repl;

import dev.cql.api.Value;
import dev.cql.buildkite.namespace.BuildValue;
import dev.cql.buildkite.namespace.PipelineValue;
import dev.cql.eval.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** How the REPL prints values: lists of pipelines or builds as aligned tables, anything else in the text form. */
final class Tables {

  private Tables() {}

  static final List<String> PIPELINE_COLUMNS = List.of("slug", "name", "git_repository", "tags");
  static final List<String> BUILD_COLUMNS = List.of("pipeline", "number", "state", "branch", "action", "created_at");

  /** Longest cell shown; longer text is cut with "...". */
  static final int MAX_CELL = 60;

  /**
   * The value as the REPL prints it.
   *
   * @param maxRows the most table rows to print (the rest are counted in the footer); 0 for no limit
   */
  static String render(Value value, int maxRows) {
    if (value.raw() instanceof Collection<?> c && !c.isEmpty()) {
      if (c.stream().allMatch(PipelineValue.class::isInstance)) {
        return objects(c, PIPELINE_COLUMNS, "pipeline", maxRows);
      }
      if (c.stream().allMatch(BuildValue.class::isInstance)) {
        return objects(c, BUILD_COLUMNS, "build", maxRows);
      }
    }
    return value.toString();
  }

  private static String objects(Collection<?> items, List<String> columns, String noun, int maxRows) {
    List<List<String>> rows = new ArrayList<>();
    int shown = 0;
    for (Object o : items) {
      if (maxRows > 0 && shown == maxRows) {
        break;
      }
      List<String> row = new ArrayList<>();
      for (String col : columns) {
        row.add(cell(o, col));
      }
      rows.add(row);
      shown++;
    }
    String footer = items.size() + " " + noun + (items.size() == 1 ? "" : "s")
        + (shown < items.size() ? " (showing the first " + shown + ")" : "");
    return table(columns, rows) + footer;
  }

  private static String cell(Object o, String column) {
    if (o instanceof BuildValue b && column.equals("pipeline")) {
      return b.build().pipeline() == null ? "-" : b.build().pipeline().slug();
    }
    Object v = o instanceof PipelineValue p ? p.field(column) : ((BuildValue) o).field(column);
    return text(v);
  }

  /** A value as a table cell: strings without quotes, lists joined by commas, null as "-". */
  static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>();
      for (Object e : c) {
        parts.add(text(e));
      }
      return String.join(", ", parts);
    }
    return Values.format(v);
  }

  /** An aligned table with a header, columns separated by two spaces; ends with a newline. */
  static String table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
    }
    List<List<String>> cut = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> r = new ArrayList<>();
      for (int i = 0; i < header.size(); i++) {
        String s = i < row.size() ? clean(row.get(i)) : "";
        r.add(s);
        width[i] = Math.max(width[i], s.length());
      }
      cut.add(r);
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    for (List<String> r : cut) {
      line(sb, r, width);
    }
    return sb.toString();
  }

  private static String clean(String s) {
    String one = s.replaceAll("[\\r\\n\\t]+", " ");
    return one.length() > MAX_CELL ? one.substring(0, MAX_CELL - 3) + "..." : one;
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      l.append(cells.get(i));
      if (i < cells.size() - 1) {
        l.append(" ".repeat(width[i] - cells.get(i).length() + 2));
      }
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }
}
