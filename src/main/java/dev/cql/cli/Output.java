package dev.cql.cli;

import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import java.io.PrintWriter;
import java.util.List;

/** How the CLI prints values, errors and warnings. */
final class Output {

  private Output() {}

  enum Format { text, json }

  static String value(Value v, Format format) {
    return format == Format.json ? v.toJson() : v.toString();
  }

  static void error(PrintWriter err, CqlException e) {
    err.println(e.render());
    err.flush();
  }

  static void warnings(PrintWriter err, List<Warning> warnings, String source) {
    for (Warning w : warnings) {
      err.println(w.render(source));
    }
    err.flush();
  }
}
