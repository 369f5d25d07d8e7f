package dev.cql.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cql.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code cql repl} through the real command line, with standard input replaced: the piped path. */
class ReplCommandTest {

  record Run(int code, String out, String err) {}

  static Run cqlRepl(String stdin, String... args) {
    assumeTrue(System.console() == null, "standard input must not be a terminal");
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] all = new String[args.length + 3];
      all[0] = "repl";
      all[1] = "--now";
      all[2] = "2026-11-01T12:00:00Z";
      System.arraycopy(args, 0, all, 3, args.length);
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void pipedInputPrintsResultsAndExitsZero() {
    Run r = cqlRepl("buildkite.builds(states=[\"failed\"]).length\n", "--entity", "payments-api");
    assertThat(r.code()).isZero();
    assertThat(r.out()).matches("\\d+\n");
    Run eval = CliRun.eval("--entity", "payments-api", "--now", "2026-11-01T12:00:00Z", "buildkite.builds(states=[\"failed\"]).length");
    assertThat(r.out()).isEqualTo(eval.out());
    assertThat(r.err()).contains("using the bundled demo organization", "cql repl: data:");
  }

  @Test
  void pipedMultiLineInputAndFailureStatus() {
    Run r = cqlRepl("[1,\n  2].map((x) =>\n  x + 1)\n1 / 0\n\"still runs\"\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("[2, 3]\n\"still runs\"\n");
    assertThat(r.err()).contains("error[arithmetic] 1:3: division by zero\n1 / 0\n  ^");
    assertThat(cqlRepl("1 +\n").code()).isEqualTo(2);
  }

  @Test
  void anUnknownEntityIsBadUsage() {
    Run r = cqlRepl("1\n", "--entity", "payments");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).contains("no entity 'payments'");
  }

  /** {@code cql eval}, for comparison. */
  static final class CliRun {
    static Run eval(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] all = new String[args.length + 1];
      all[0] = "eval";
      System.arraycopy(args, 0, all, 1, args.length);
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
      return new Run(code, out.toString(), err.toString());
    }
  }
}
