package dev.cql.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.session.DataSession;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Piped REPL input is bounded like an expression: an input whose bracket never closes is run (and refused by
 * the source-length limit) once it passes 100,000 characters, instead of growing the buffer without end; and
 * each line is scanned once, not the whole buffer again.
 */
class ReplPipedLimitsTest {

  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  private static String[] run(String script) throws Exception {
    Repl repl = new Repl(DataSession.demo(NOW, () -> { }), NOW);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = repl.runPiped(new BufferedReader(new StringReader(script)), new PrintWriter(out), new PrintWriter(err));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void anEndlesslyOpenInputStopsAtTheSourceLimit() throws Exception {
    String[] r = run("(a\n".repeat(40_000) + "1 + 1\n");
    assertThat(r[2]).contains("error[limit]").contains("limit 'source-length' is 100000 characters");
    // what comes after is still read and evaluated
    assertThat(r[0]).isEqualTo("2");
  }

  @Test
  void continuationStillJoinsLinesAndCommentsAcrossThem() throws Exception {
    String[] r = run("[1,\n 2, /* a comment\n over lines ) ] */ 3\n].length\n:explain (1 +\n 2)\n\"a\" + \"b\"\n");
    assertThat(r[1]).contains("3").contains("\"ab\"");
    assertThat(r[0]).isEqualTo("0");
    // a closer with no opener ends the input at once, to report it
    String[] bad = run("1)\n2\n");
    assertThat(bad[2]).contains("error[syntax]");
    assertThat(bad[1]).contains("2");
  }
}
