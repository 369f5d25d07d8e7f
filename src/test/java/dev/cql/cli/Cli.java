package dev.cql.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process for tests, capturing its output and exit code. */
public final class Cli {

  private Cli() {}

  /** What one run printed, and its exit code. */
  public record Run(int code, String out, String err) {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}
