package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  static Cli.Run cql(String... args) {
    return Cli.run(args);
  }

  @Test
  void evalPrintsTheValue() {
    assertThat(cql("eval", "1 + 2 * 3")).isEqualTo(new Cli.Run(0, "7\n", ""));
    assertThat(cql("eval", "--format", "json", "[1, \"a\", null]")).isEqualTo(new Cli.Run(0, "[1,\"a\",null]\n", ""));
  }

  @Test
  void syntaxErrorExitsTwoWithCaret() {
    Cli.Run r = cql("eval", "1 +");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error[syntax] 1:4: expected an expression after '+', found end of input\n1 +\n   ^\n");
  }

  @Test
  void evaluationErrorExitsOne() {
    Cli.Run r = cql("eval", "1 / 0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error[arithmetic] 1:3: division by zero");
  }

  @Test
  void warningsGoToStderr() {
    Cli.Run r = cql("eval", "1 = 1");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("true\n");
    assertThat(r.err()).startsWith("warning 1:3: '=' is a legacy spelling of '=='");
  }

  @Test
  void bindingsAndClock() {
    assertThat(cql("eval", "--bind", "n=[1,2]", "--now", "2026-11-01T12:00:00Z", "n.length + 1").out()).isEqualTo("3\n");
    assertThat(cql("eval", "--now", "2026-11-01T12:00:00Z", "now()").out()).isEqualTo("2026-11-01T12:00:00Z\n");
  }

  @Test
  void badUsageExits64() {
    assertThat(cql("frobnicate").code()).isEqualTo(64);
    assertThat(cql("eval").code()).isEqualTo(64);
    assertThat(cql("eval", "--now", "yesterday", "1").code()).isEqualTo(64);
    assertThat(cql("eval", "--format", "xml", "1").code()).isEqualTo(64);
  }

  @Test
  void parsePrintsTheTree() {
    assertThat(cql("parse", "buildkite.builds(states[\"passed\"]).length >=1"))
        .satisfies(r -> {
          assertThat(r.code()).isZero();
          assertThat(r.out()).isEqualTo("(>= (. (method builds buildkite states[]=(list \"passed\")) length) 1)\n");
        });
    assertThat(cql("parse", "(").code()).isEqualTo(2);
  }

  @Test
  void testCommandCountsAndExitsOneOnFailure(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), """
        now: 2026-11-01T12:00:00Z
        bindings: {limit: 3}
        cases:
          - {name: add, expr: 1 + 2, result: 3}
          - {name: bound, expr: limit * 2, result: 6}
          - {name: err, expr: "1 +", error: syntax, at: [1, 4]}
          - {name: wrong, expr: 1 + 1, result: 3}
        """);
    Files.writeString(dir.resolve("not-cases.yaml"), "openapi: 3.0.1\n");
    Cli.Run r = cql("test", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL a.yaml/wrong: expected 3, got 2").endsWith("3 passed, 1 failed\n");
    assertThat(cql("test", dir.resolve("missing").toString()).code()).isEqualTo(64);
  }
}
