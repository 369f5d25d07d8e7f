package dev.cql.repl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.api.error.CqlException;
import dev.cql.session.CatalogQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * How a query over every entity prints (interfaces.md, "All entities"): a table {@code entity | value}
 * ordered by tag with errors in their row and, for booleans, a closing line {@code N of M entities: true};
 * or, as JSON, an array of {@code {"entity": TAG, "value": V}} and
 * {@code {"entity": TAG, "error": {"kind": K, "message": M}}}.
 */
public final class CatalogTable {

  private CatalogTable() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A row's value cell: the value's text form (as {@code cql eval} prints it), or {@code error[KIND] LINE:COL: message}. */
  public static String cell(CatalogQuery.Row row) {
    if (row.ok()) {
      return row.value().toString();
    }
    CqlException e = row.error();
    return "error[" + e.kind().id() + "] " + (e.line() > 0 ? e.line() + ":" + e.column() + ": " : "") + e.getMessage();
  }

  /**
   * The table and its closing line(s), each line ending in a newline.
   *
   * @param matching only the rows whose value is true
   * @param width the widest a line may be (cells are cut to fit), or 0 for no limit
   */
  public static String text(CatalogQuery.Result result, boolean matching, int width) {
    List<List<String>> rows = new ArrayList<>();
    for (CatalogQuery.Row r : result.rows()) {
      if (!matching || r.isTrue()) {
        rows.add(List.of(r.tag(), cell(r)));
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!rows.isEmpty()) {
      sb.append(Tables.table(List.of("entity", "value"), rows, width));
    }
    sb.append(closing(result, matching)).append('\n');
    return sb.toString();
  }

  /** {@code N of M entities: true} for booleans, else {@code M entities}; then how many errored, if any. */
  public static String closing(CatalogQuery.Result result, boolean matching) {
    int m = result.rows().size();
    String line = result.booleans() ? result.trueCount() + " of " + m + " entit" + (m == 1 ? "y" : "ies") + ": true"
        : m + " entit" + (m == 1 ? "y" : "ies");
    long errors = result.rows().stream().filter(r -> !r.ok()).count();
    return errors == 0 ? line : line + "\n" + errors + " errored ("
        + (matching ? "without --matching each error is shown in its entity's row)" : "each error is shown in its entity's row)");
  }

  /** The JSON array, one entity per line. */
  public static String json(CatalogQuery.Result result, boolean matching) {
    StringBuilder sb = new StringBuilder("[");
    boolean first = true;
    for (CatalogQuery.Row r : result.rows()) {
      if (matching && !r.isTrue()) {
        continue;
      }
      sb.append(first ? "\n" : ",\n");
      first = false;
      sb.append("  {\"entity\":").append(quote(r.tag()));
      if (r.ok()) {
        sb.append(",\"value\":").append(r.value().toJson());
      } else {
        sb.append(",\"error\":{\"kind\":").append(quote(r.error().kind().id())).append(",\"message\":")
            .append(quote(r.error().getMessage())).append('}');
      }
      sb.append('}');
    }
    return sb.append(first ? "]" : "\n]").toString();
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
