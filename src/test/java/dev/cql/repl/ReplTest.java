package dev.cql.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.entity.Entity;
import dev.cql.session.DataSession;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the REPL end to end with scripted input: piped lines, and keystrokes through a JLine terminal. */
class ReplTest {

  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final DataSession DATA = DataSession.demo(NOW, () -> {});

  record Run(int code, String out, String err) {}

  static Run piped(String script, String entity) throws Exception {
    Repl repl = new Repl(DATA, NOW);
    if (entity != null) {
      repl.selectEntity(entity);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = repl.runPiped(new BufferedReader(new StringReader(script)), new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** The value the engine gives for the expression, in text form: what the REPL should print. */
  static String expected(String expr, String entity) {
    Entity e = entity == null ? null : DATA.entity(entity);
    return DATA.engine().compile(expr).evaluate(DATA.context(e, NOW)).toString();
  }

  @Test
  void pipedInputPrintsOnlyResultsOnStdout() throws Exception {
    String expr = "buildkite.builds(states=[\"failed\"]).length";
    Run r = piped(expr + "\n1 + 2\n", "payments-api");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(expected(expr, "payments-api") + "\n3\n");
    assertThat(r.err()).startsWith("cql repl: data: the bundled demo organization (acme-inc); entity: payments-api");
  }

  @Test
  void anOpenBracketContinuesOnTheNextLine() throws Exception {
    Run r = piped("[1,\n 2,\n 3].map((x) =>\n   x * 2)\nbuildkite.builds(\n  states=[\"failed\"]\n).length\n", "payments-api");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("[2, 4, 6]\n" + expected("buildkite.builds(states=[\"failed\"]).length", "payments-api") + "\n");
    // the parser tells JLine the same: Enter on an open bracket asks for more
    assertThat(ReplParser.missing("buildkite.builds(states=[\"failed\"")).isEqualTo("])");
    assertThat(ReplParser.missing(":explain [1,")).isEqualTo("]");
    assertThat(ReplParser.missing("/* a comment")).isEqualTo("*/");
    assertThat(ReplParser.missing("[1, 2]")).isNull();
    assertThat(ReplParser.missing("\"open string")).isNull(); // strings cannot span lines: report at once
    assertThat(ReplParser.missing("1)")).isNull();
  }

  @Test
  void errorsShowTheCaretAndTheFirstFailureSetsTheStatus() throws Exception {
    Run r = piped("1 +\n2 * 2\n1 / 0\n", null);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEqualTo("4\n");
    assertThat(r.err()).contains("error[syntax] 1:4: expected an expression after '+', found end of input\n1 +\n   ^\n");
    assertThat(r.err()).contains("error[arithmetic] 1:3: division by zero");

    assertThat(piped("1 / 0\n1 +\n", null).code()).isEqualTo(1);
    assertThat(piped(":entity no-such-thing\n", null).code()).isEqualTo(1);
    assertThat(piped("[1, 2\n", null)).satisfies(run -> { // input ends inside a bracket
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains("error[syntax]");
    });
  }

  @Test
  void switchingTheEntityChangesResults() throws Exception {
    Run r = piped("entity.tag()\n:entity web-frontend\nentity.tag()\nbuildkite.pipelines().map((p) => p.slug)\n"
        + ":entity payments-api\nbuildkite.pipelines().map((p) => p.slug)\n", "payments-api");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(r.out()).contains("\"payments-api\"\n", "entity: web-frontend (Web Frontend, service)\n", "\"web-frontend\"\n");
    assertThat(r.out()).contains(expected("buildkite.pipelines().map((p) => p.slug)", "web-frontend") + "\n");
    assertThat(lines[lines.length - 1]).isEqualTo(expected("buildkite.pipelines().map((p) => p.slug)", "payments-api"));
    assertThat(r.out()).contains("linked because", "payments-deploy", "slug listed in the descriptor");
    // a linkage warning is shown once, not after every evaluation
    assertThat(r.err().split("payments-canary", -1)).hasSize(2);
  }

  @Test
  void buildsPrintAsATable() throws Exception {
    Run r = piped("buildkite.builds(states=[\"failed\"])\nbuildkite.builds(states=[\"failed\"]).length\n", "payments-api");
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).matches("pipeline +number +state +branch +action +created_at");
    String count = lines[lines.length - 1];
    assertThat(lines[lines.length - 2]).isEqualTo(count + " builds");
    assertThat(lines).hasSize(Integer.parseInt(count) + 3);
    assertThat(lines[1]).matches("payments-\\S+ +\\d+ +failed +\\S+ +[a-zA-Z ]+ build +2026-\\S+Z");
    // columns are aligned: every row starts its state column at the header's
    int col = lines[0].indexOf("state");
    assertThat(lines[1].substring(col)).startsWith("failed");

    Run p = piped(":pipelines\nbuildkite.pipelines()\n", "payments-api");
    assertThat(p.out()).contains("slug              name              git_repository           tags\n"
        + "payments-api      Payments API      acme-inc/payments-api    payments, backend\n");
    assertThat(p.out()).contains("3 pipelines linked to payments-api\n", "\n3 pipelines\n");
  }

  @Test
  void explainShowsTreeWarningsDataAndTime() throws Exception {
    Run r = piped(":explain buildkite.builds(states[\"failed\"]).length >= 1\n", "payments-api");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("tree:\n  (>= (. (method builds buildkite states[]=(list \"failed\")) length) 1)\n");
    assertThat(r.out()).contains("warnings:\n", "write states=[\"failed\"]", "payments-canary");
    assertThat(r.out()).contains("value: true\n", "entity: payments-api\n");
    assertThat(r.out()).containsPattern("data read: the organization's pipeline list \\(40 pipelines\\); "
        + "1 build query over 3 pipelines, \\d+ builds read\n");
    assertThat(r.out()).containsPattern("time: \\d+\\.\\d ms \\(compile \\d+\\.\\d ms, evaluate \\d+\\.\\d ms\\)");

    Run noData = piped(":explain [1, 2].map((x) => x * 10).sum()\n", null);
    assertThat(noData.out()).contains("warnings: none\n", "value: 30\n", "data read: none\n");

    Run bad = piped(":explain 1 +\n", null);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("error[syntax] 1:4");
  }

  @Test
  void longTreesBreakOverIndentedLines() {
    String tree = AstTree.print(dev.cql.syntax.SyntaxParser.parse(
        "buildkite.builds(states=[\"failed\"]).filter((b) => b.branch == \"main\" && b.pipeline.slug.startsWith(\"pay\")).length").ast(), 60);
    assertThat(tree).isEqualTo("""
        (.
          (method filter
            (method builds buildkite states=(list "failed"))
            (lambda (b)
              (AND
                (== (. b branch) "main")
                (method startsWith (. (. b pipeline) slug) "pay"))))
          length)""");
  }

  @Test
  void timeAndHelpAndQuit() throws Exception {
    Run r = piped(":time on\n1 + 1\n:time off\n2 + 2\n:help\n:quit\n3 + 3\n", null);
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("2\n4\n").contains(":entity [TAG]", ":explain EXPR").doesNotContain("6\n");
    assertThat(r.err()).containsPattern("time: on\ntime: \\d+\\.\\d ms\ntime: off\n");
    assertThat(r.err().split("ms\n", -1)).hasSize(2); // timed once only
    Run bad = piped(":time maybe\n:entitys\n", null);
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("did you mean ':entity'?");
  }

  @Test
  void historyNeverStoresTheToken(@TempDir Path dir) {
    FilteringHistory h = new FilteringHistory("s3cr3t-t0ken-value");
    assertThat(h.admits("buildkite.builds().length")).isTrue();
    assertThat(h.admits("\"s3cr3t-t0ken-value\".length")).isFalse();
    assertThat(h.admits(":entity bkua_0123456789abcdef0123456789abcdef01234567")).isFalse();
    assertThat(new FilteringHistory(null).admits("anything")).isTrue();
  }

  // ---- through a JLine terminal: keystrokes in, screen out

  /** Escape sequences: CSI (colours, cursor, private modes), keypad mode switches, OSC. */
  static final java.util.regex.Pattern ANSI =
      java.util.regex.Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[=>]|\\][^\u0007]*\u0007)");

  static String terminal(String keys, Path history, String secret) throws Exception {
    Repl repl = new Repl(DATA, NOW);
    repl.selectEntity("payments-api");
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (Terminal t = new ExternalTerminal("test", "xterm-256color",
        new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
      assertThat(repl.runInteractive(t, history, secret)).isZero();
    }
    return ANSI.matcher(screen.toString(StandardCharsets.UTF_8)).replaceAll("").replace("\r", "");
  }

  @Test
  void tabCompletesInTheTerminal(@TempDir Path dir) throws Exception {
    String expr = "buildkite.builds(states=[\"failed\"]).filter((b) => b.branch == \"main\").length";
    String screen = terminal("buildkite.builds(states=[\"failed\"]).filt\t(b) => b.bran\t == \"main\").length\n",
        dir.resolve("h"), null);
    assertThat(screen).contains("cql repl", "entity: payments-api (Payments API)");
    assertThat(screen).contains("\n" + expected(expr, "payments-api") + "\n");
    assertThat(screen).contains(expr); // the completed line, as echoed
  }

  @Test
  void multiLineErrorsAndHistoryInTheTerminal(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history");
    String screen = terminal("[1,\n2].length\n1 +\n\"tok-123456\".length\n:quit\n", history, "tok-123456");
    assertThat(screen).contains("...> ");          // the continuation prompt
    assertThat(screen).contains("\n2\n");          // [1, 2].length
    assertThat(screen).contains("error[syntax] 1:4: expected an expression after '+', found end of input\n1 +\n   ^");
    assertThat(screen).contains("\n10\n");
    String saved = Files.readString(history);
    assertThat(saved).contains("1 +", ":quit").doesNotContain("tok-123456");
  }
}
