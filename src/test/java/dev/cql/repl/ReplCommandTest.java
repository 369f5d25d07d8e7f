package dev.cql.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cql.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code cql repl} through the real command line, with standard input replaced: the piped path. */
class ReplCommandTest {

  static Cli.Run cqlRepl(String stdin, String... args) {
    assumeTrue(System.console() == null, "standard input must not be a terminal");
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      String[] all = new String[args.length + 3];
      all[0] = "repl";
      all[1] = "--now";
      all[2] = "2026-11-01T12:00:00Z";
      System.arraycopy(args, 0, all, 3, args.length);
      return Cli.run(all);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void pipedInputPrintsResultsAndExitsZero() {
    Cli.Run r = cqlRepl("buildkite.builds(states=[\"failed\"]).length\n", "--entity", "payments-api");
    assertThat(r.code()).isZero();
    assertThat(r.out()).matches("\\d+\n");
    Cli.Run eval = CliRun.eval("--entity", "payments-api", "--now", "2026-11-01T12:00:00Z", "buildkite.builds(states=[\"failed\"]).length");
    assertThat(r.out()).isEqualTo(eval.out());
    assertThat(r.err()).contains("using the bundled demo organization", "cql repl: data:");
  }

  @Test
  void pipedMultiLineInputAndFailureStatus() {
    Cli.Run r = cqlRepl("[1,\n  2].map((x) =>\n  x + 1)\n1 / 0\n\"still runs\"\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("[2, 3]\n\"still runs\"\n");
    assertThat(r.err()).contains("error[arithmetic] 1:3: division by zero\n1 / 0\n  ^");
    assertThat(cqlRepl("1 +\n").code()).isEqualTo(2);
  }

  @Test
  void anUnknownEntityIsBadUsage() {
    Cli.Run r = cqlRepl("1\n", "--entity", "payments");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).contains("no entity 'payments'");
  }

  /** {@code cql eval}, for comparison. */
  static final class CliRun {
    static Cli.Run eval(String... args) {
      String[] all = new String[args.length + 1];
      all[0] = "eval";
      System.arraycopy(args, 0, all, 1, args.length);
      return Cli.run(all);
    }
  }
}
