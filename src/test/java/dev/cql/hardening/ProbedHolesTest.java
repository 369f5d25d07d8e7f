package dev.cql.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.session.DataSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The holes issue 13 found by probing the expression engine: each input used to escape as a raw Java
 * exception (or a wrong answer); each is now a value or one of our errors with a kind and a position.
 */
class ProbedHolesTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final DataSession DEMO = DataSession.demo(NOW, () -> { });
  private static final CqlEngine ENGINE = DEMO.engine();
  private static final Context CONTEXT = DEMO.context(DEMO.entity("payments-api"), NOW);

  private static Object eval(String src) {
    return ENGINE.compile(src).evaluate(CONTEXT).toPlain();
  }

  private static CqlException error(String src) {
    try {
      Object v = eval(src);
      throw new AssertionError("expected an error from " + src + " but got " + v);
    } catch (CqlException e) {
      return e;
    }
  }

  @Test
  void jqNonFiniteNumbersReadAsJqPrintsThem() {
    assertThat(eval("jq(null, \"nan\")")).isNull();
    assertThat(eval("jq(null, \"infinite\") > 1e308")).isEqualTo(true);
    assertThat(eval("jq(null, \"-infinite\") < -1e308")).isEqualTo(true);
    assertThat(eval("jq(null, \"1e1000\") > 1e308")).isEqualTo(true);
    assertThat(eval("jq(null, \"[nan, 1]\")")).isEqualTo(java.util.Arrays.asList(null, 1L));
  }

  @Test
  void durationOverflowIsAnArithmeticErrorAtTheCall() {
    CqlException sum = error("[duration(\"PT9223372036854775807S\"), duration(\"PT1S\")].sum()");
    assertThat(sum.kind()).isEqualTo(ErrorKind.ARITHMETIC);
    assertThat(sum.column()).isEqualTo(1);
    CqlException neg = error("-duration(\"PT-9223372036854775808S\")");
    assertThat(neg.kind()).isEqualTo(ErrorKind.ARITHMETIC);
    assertThat(neg.getMessage()).contains("out of range");
  }

  @Test
  void numberSumsBeyondTheRange() {
    assertThat(error("[9e6144, 9e6144].sum()").kind()).isEqualTo(ErrorKind.ARITHMETIC);
    CqlException avg = error("[9e6144, 9e6144].average()");
    assertThat(avg.kind()).isEqualTo(ErrorKind.ARITHMETIC);
    assertThat(avg.getMessage()).contains("out of range");
  }

  @Test
  void lookbackLongerThanAllTimeSelectsEveryBuild() {
    Object all = eval("buildkite.builds(lookback=duration(\"PT9223372036854775807S\")).length");
    Object year = eval("buildkite.builds(lookback=duration(\"P3650D\")).length");
    assertThat(all).isEqualTo(year);
  }

  @Test
  void remainderIsExactForLargeOperands() {
    assertThat(eval("1e35 % 7")).isEqualTo(5L);
    assertThat(eval("-1e35 % 7")).isEqualTo(-5L);
    assertThat(eval("9e6144 % 7")).isEqualTo(new java.math.BigDecimal("9e6144").remainder(java.math.BigDecimal.valueOf(7)).longValueExact());
    assertThat(eval("1e35 % 0.3").toString()).isEqualTo("0.1");
    assertThat(eval("123456789012345678901234567890123456789 % 1000")).isEqualTo(789L);
  }

  @Test
  void hugeNumbersInDataAreDataErrors() {
    CqlEngine plain = CqlEngine.builder().declare("x").build();
    for (Object huge : List.of(new java.math.BigDecimal("1e999999"), Double.NaN, Double.POSITIVE_INFINITY)) {
      try {
        plain.compile("x.n").evaluate(Context.builder().bindLazy("x", () -> Map.of("n", huge)).build());
        throw new AssertionError("accepted " + huge);
      } catch (CqlException e) {
        assertThat(e.kind()).isEqualTo(ErrorKind.DATA);
        assertThat(e.getMessage()).contains("number");
      }
    }
    // and through JSON, as the Buildkite reader and jq hand numbers over
    try {
      dev.cql.eval.Values.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree("{\"n\": 1e99999}"));
      throw new AssertionError("accepted 1e99999");
    } catch (CqlException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.DATA);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void nestedFailureMessageSectionsAreBounded() {
    List<Long> ten = java.util.stream.LongStream.range(0, 10).boxed().toList();
    String template = nested(9);
    String out = dev.cql.scorecard.FailureMessage.render(template, Map.of("xs", ten));
    assertThat(out.length()).isLessThan((int) dev.cql.lang.Limit.MESSAGE_SIZE.value() + 200);
    assertThat(out).endsWith("(message truncated: limit 'message-size' is " + dev.cql.lang.Limit.MESSAGE_SIZE.value()
        + " characters (setting: -Dcql.limit.message-size=N))");
    // an ordinary message is untouched
    assertThat(dev.cql.scorecard.FailureMessage.render("{{#context.evaluation.captures.xs}}{{.}},{{/context.evaluation.captures.xs}}",
        Map.of("xs", List.of(1, 2)))).isEqualTo("1,2,");
  }

  /** n nested sections over the same 10-element capture, each printing its element: 10^n lines. */
  private static String nested(int n) {
    String open = "{{#context.evaluation.captures.xs}}";
    String close = "{{/context.evaluation.captures.xs}}";
    return open.repeat(n - 1) + "line {{.}}\n" + close.repeat(n - 1);
  }

  @Test
  void anUnreadableExpectedResultFailsItsCaseAndTheRunGoesOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path f = tmp.resolve("c.yaml");
    java.nio.file.Files.writeString(f, "cases:\n  - name: before\n    expr: '1 + 1'\n    result: 2\n"
        + "  - name: huge\n    expr: '1'\n    result: 1e999999\n  - name: after\n    expr: '2 + 2'\n    result: 4\n");
    dev.cql.cli.Cli.Run r = dev.cql.cli.Cli.run("test", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out() + r.err()).contains("huge: the expected result").contains("not finite").contains("2 passed, 1 failed")
        .doesNotContain("internal error");
  }

  @Test
  void badUnicodeEscapeSaysSo() {
    CqlException e = error("\"\\uZZZZ\"");
    assertThat(e.kind()).isEqualTo(ErrorKind.SYNTAX);
    assertThat(e.getMessage()).contains("\\u").doesNotContain("unterminated");
  }
}
