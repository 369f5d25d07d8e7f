package dev.cql.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/**
 * The REPL with no entity chosen (a query over every entity), its banner, {@code :help TOPIC}, tables fitted to
 * the terminal, warnings once per run, and Ctrl-C cancelling an evaluation.
 */
class ReplQueryTest {

  static ReplTest.Run piped(String script) throws Exception {
    return ReplTest.piped(script, null);
  }

  @Test
  void withNoEntityAnEntityScopedExpressionRunsForEveryEntity() throws Exception {
    ReplTest.Run r = piped("buildkite != null\n1 + 2\n");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    int entities = ReplTest.DATA.catalog().size();
    assertThat(lines[0]).matches("entity +value");
    assertThat(lines).hasSize(1 + entities + 2);
    assertThat(lines[entities + 1]).matches("\\d+ of " + entities + " entities: true");
    assertThat(lines[entities + 2]).isEqualTo("3");
    for (int i = 1; i <= entities; i++) {
      String[] cells = lines[i].split(" +");
      assertThat(cells[1]).as(cells[0]).isEqualTo(ReplTest.expected("buildkite != null", cells[0]));
    }
    assertThat(r.err()).startsWith("cql repl: data: the bundled demo organization (acme-inc); entity: all "
        + entities + " entities\n");
  }

  @Test
  void theCommandLineReplAnswersEveryEntityAndExitsZero() {
    Cli.Run r = ReplCommandTest.cqlRepl("buildkite != null\n");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("entity ").containsPattern("\npayments-api +true\n")
        .containsPattern("\\d+ of 28 entities: true\n$");
  }

  @Test
  void entityAloneGoesBackToEveryEntity() throws Exception {
    ReplTest.Run r = piped(":entity payments-api\nentity.tag()\n:entity\nentity.tag()\n");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\n\"payments-api\"\nentity: all 28 entities\nentity ")
        .containsPattern("\nweb-frontend +\"web-frontend\"\n28 entities\n$");
  }

  @Test
  void warningsPrintOncePerRunAndQuietLeavesThemOut() throws Exception {
    ReplTest.Run r = piped("buildkite != null\n:entity payments-api\nbuildkite.builds().length\n:entity\nbuildkite != null\n");
    assertThat(r.err().split("payments-canary", -1)).hasSize(2);
    Repl quiet = new Repl(ReplTest.DATA, ReplTest.NOW);
    quiet.quiet(true);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    quiet.runPiped(new java.io.BufferedReader(new java.io.StringReader("buildkite.builds(states[\"failed\"]).length\n")),
        new java.io.PrintWriter(out), new java.io.PrintWriter(err));
    assertThat(err.toString()).doesNotContain("warning").startsWith("cql repl: data:");
    assertThat(out.toString()).contains("entities");
  }

  @Test
  void helpExplainsOneTopic() throws Exception {
    ReplTest.Run r = piped(":help builds\n:help state\n:help map\n:help :explain\n:help entity\n:help git_repository\n");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("buildkite.builds(criteria...)\n", "    state (also states): ", "    lookback")
        .contains("criterion state\n", "\n  in buildkite.builds(): state (also states)")
        .contains("list.map((x) => value)\n  the lambda's value for each element", "  on: list, set")
        .contains("command :explain EXPR\n  evaluate, showing")
        .contains("namespace entity\n", "    entity.tag(): ", "command :entity [TAG]")
        .contains("field git_repository of a pipeline object: ", "  in buildkite.builds(): git_repository");
    ReplTest.Run bad = piped(":help bulids\n");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("no help on 'bulids'; did you mean 'builds'?");
  }

  /** Escape sequences stripped, carriage returns dropped. */
  static String clean(String screen) {
    return ReplTest.ANSI.matcher(screen).replaceAll("").replace("\r", "");
  }

  @Test
  void tablesFitTheTerminalWidth() throws Exception {
    Repl repl = new Repl(ReplTest.DATA, ReplTest.NOW);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    String keys = "buildkite.builds()\n:entity payments-api\nbuildkite.builds()\nbuildkite.pipelines()\n:quit\n";
    try (Terminal t = new ExternalTerminal("test", "xterm-256color",
        new java.io.ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
      t.setSize(new Size(64, 40));
      repl.runInteractive(t, null, null);
    }
    String shown = clean(screen.toString(StandardCharsets.UTF_8));
    assertThat(shown).contains("entity: all 28 entities; :entity TAG picks one\n"); // the banner says which mode
    assertThat(shown).contains("entity ", "pipeline ", "slug ", "payments-api");
    for (String line : shown.substring(shown.indexOf("cql> ")).split("\n")) {
      if (!line.startsWith("cql> ") && !line.contains("warning")) { // the echoed input wraps as typed
        assertThat(line.length()).as(line).isLessThanOrEqualTo(64);
      }
    }
    assertThat(shown).contains("...");  // long cells were cut, not wrapped
  }

  @Test
  void ctrlCCancelsALongEvaluationAndTheSessionGoesOn() throws Exception {
    Repl repl = new Repl(ReplTest.DATA, ReplTest.NOW);
    repl.selectEntity("payments-api");
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys, 1 << 16);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    AtomicInteger status = new AtomicInteger(-99);
    try (Terminal t = new ExternalTerminal("test", "xterm-256color", in, screen, StandardCharsets.UTF_8)) {
      Thread session = new Thread(() -> status.set(repl.runInteractive(t, null, null)));
      session.start();
      // ~2.7 million lambda calls: far longer than it takes to press Ctrl-C
      StringBuilder l = new StringBuilder("[1");
      for (int i = 2; i <= 40; i++) {
        l.append(',').append(i);
      }
      l.append(']');
      String slow = l + ".flatMap(a => " + l + ".flatMap(b => " + l + ".flatMap(c => " + l + ".map(d => a * b * c * d)))).length";
      keys.write((slow + "\n").getBytes(StandardCharsets.UTF_8));
      keys.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!evaluating() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(evaluating()).as("the evaluation started").isTrue();
      keys.write(3); // Ctrl-C
      keys.flush();
      while (evaluating() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(evaluating()).as("the evaluation stopped").isFalse();
      keys.write("1 + 2\n:quit\n".getBytes(StandardCharsets.UTF_8));
      keys.flush();
      session.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(session.isAlive()).isFalse();
    }
    assertThat(status.get()).isZero();
    String shown = clean(screen.toString(StandardCharsets.UTF_8));
    assertThat(shown).contains("\ncancelled\n").contains("\n3\n").doesNotContain("error[");
  }

  private static boolean evaluating() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("cql-repl-eval") && t.isAlive());
  }
}
