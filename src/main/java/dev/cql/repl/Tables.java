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
    return render(value, maxRows, -1);
  }

  /**
   * The value as the REPL prints it.
   *
   * @param maxRows the most table rows to print (the rest are counted in the footer); 0 for no limit
   * @param width the widest a table line may be (see {@link #table(List, List, int)})
   */
  static String render(Value value, int maxRows, int width) {
    if (value.raw() instanceof Collection<?> c && !c.isEmpty()) {
      if (c.stream().allMatch(PipelineValue.class::isInstance)) {
        return objects(c, PIPELINE_COLUMNS, "pipeline", maxRows, width);
      }
      if (c.stream().allMatch(BuildValue.class::isInstance)) {
        return objects(c, BUILD_COLUMNS, "build", maxRows, width);
      }
    }
    return value.toString();
  }

  private static String objects(Collection<?> items, List<String> columns, String noun, int maxRows, int width) {
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
    return table(columns, rows, width) + footer;
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

  /** An aligned table with a header, columns separated by two spaces, cells cut at {@link #MAX_CELL}; ends with a newline. */
  static String table(List<String> header, List<List<String>> rows) {
    return table(header, rows, -1);
  }

  /** The fewest characters a column is cut to when a table must fit a width. */
  static final int MIN_COLUMN = 6;

  /**
   * An aligned table with a header, columns separated by two spaces; ends with a newline. Each cell is one line.
   *
   * @param maxWidth the widest a line may be: the widest columns are narrowed (their cells cut, ending in
   *     "...") until the table fits, or until every column is down to {@link #MIN_COLUMN}; 0 for no limit;
   *     negative to cut every cell at {@link #MAX_CELL}
   */
  static String table(List<String> header, List<List<String>> rows, int maxWidth) {
    int n = header.size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = header.get(i).length();
    }
    List<List<String>> lines = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> r = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String s = i < row.size() ? oneLine(row.get(i)) : "";
        if (maxWidth < 0) {
          s = cut(s, MAX_CELL);
        }
        r.add(s);
        width[i] = Math.max(width[i], s.length());
      }
      lines.add(r);
    }
    if (maxWidth > 0) {
      fit(width, maxWidth);
    }
    StringBuilder sb = new StringBuilder();
    line(sb, cutAll(header, width), width);
    for (List<String> r : lines) {
      line(sb, cutAll(r, width), width);
    }
    return sb.toString();
  }

  /** Narrows the widest columns, one character at a time, until the line fits (or nothing more can go). */
  private static void fit(int[] width, int maxWidth) {
    int total = 2 * (width.length - 1);
    for (int w : width) {
      total += w;
    }
    while (total > maxWidth) {
      int widest = 0;
      for (int i = 1; i < width.length; i++) {
        if (width[i] > width[widest]) {
          widest = i;
        }
      }
      if (width[widest] <= MIN_COLUMN) {
        return;
      }
      width[widest]--;
      total--;
    }
  }

  private static List<String> cutAll(List<String> cells, int[] width) {
    List<String> out = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      out.add(cut(cells.get(i), width[i]));
    }
    return out;
  }

  /** The cell, cut to {@code max} characters ending in "..." when longer. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return max <= 3 ? s.substring(0, max) : s.substring(0, max - 3) + "...";
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ");
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
