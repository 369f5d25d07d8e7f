package dev.cql.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.lang.Limit;
import dev.cql.session.DataSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each resource limit of the expression engine ends hostile input with a {@code limit} error that names the
 * limit, its value and the setting that changes it, before the input can cost memory or time without bound.
 */
class LimitsTest {

  private static final CqlEngine ENGINE = CqlEngine.builder().declare("d", "big").build();
  private static final List<Long> TEN = IntStream.range(0, 10).mapToObj(i -> (long) i).toList();
  private static final Context CONTEXT = Context.builder().bind("d", TEN)
      .bind("big", IntStream.range(0, 200_000).boxed().toList()).build();

  private static CqlException failure(String src, Context context) {
    try {
      Object v = ENGINE.compile(src).evaluate(context).raw();
      throw new AssertionError("expected an error from " + src + " but got " + v);
    } catch (CqlException e) {
      return e;
    }
  }

  private static CqlException failure(String src) {
    return failure(src, CONTEXT);
  }

  private static void namesLimit(CqlException e, Limit limit, long value) {
    assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT);
    assertThat(e.getMessage()).contains("limit '" + limit.id() + "' is " + value + " " + limit.unit())
        .contains("-D" + limit.property() + "=N");
  }

  @Test
  void sourceLength() {
    CqlException e = failure("1+".repeat(60_000) + "1");
    namesLimit(e, Limit.SOURCE_LENGTH, 100_000);
    assertThat(e.getMessage()).contains("120001 characters long");
  }

  @Test
  void nestingDepth() {
    namesLimit(failure("(".repeat(150) + "1" + ")".repeat(150)), Limit.NESTING, 100);
    namesLimit(failure("!".repeat(101) + "true"), Limit.NESTING, 100);
  }

  @Test
  void treeDepth() {
    namesLimit(failure("1" + "+1".repeat(300)), Limit.TREE_DEPTH, 250);
  }

  @Test
  void workIsCountedInsideLambdasOverLargeLists() {
    CqlException e = failure("big.map(x => d.map(y => d.map(z => x + y))).length");
    namesLimit(e, Limit.WORK, 10_000_000);
    assertThat(e.getMessage()).contains("Context.Builder.maxWork");
    // a smaller budget set on the context is the one named
    namesLimit(failure("big.filter(x => x > 0).length", CONTEXT.toBuilder().maxWork(1000).build()), Limit.WORK, 1000);
  }

  @Test
  void memoryOfIntermediateStringsIsBudgetedPerEvaluation() {
    // each value stays under the size of one string, but together they would take gigabytes
    String a = "a".repeat(1000);
    String doubled = "[\"" + a + "\"]" + ".map(x => x + x)".repeat(12);
    String src = doubled + ".flatMap(s => d.flatMap(a => d.flatMap(b => d.flatMap(c => d.map(e => s + \"b\"))))).length";
    CqlException e = failure(src);
    namesLimit(e, Limit.MEMORY, Limit.MEMORY.value());
    assertThat(e.getMessage()).contains("Context.Builder.maxMemory");
    namesLimit(failure("d.map(x => \"" + a + "\" + \"b\")", CONTEXT.toBuilder().maxMemory(5000).build()), Limit.MEMORY, 5000);
  }

  @Test
  void sizeOfOneStringOrList() {
    String src = "[\"" + "a".repeat(1000) + "\"]" + ".map(x => x + x)".repeat(14) + ".length";
    namesLimit(failure(src), Limit.VALUE_SIZE, 10_000_000);
  }

  @Test
  void wallClockDeadlinePerEvaluation() {
    Context slow = CONTEXT.toBuilder().maxWork(Long.MAX_VALUE).maxDuration(Duration.ofMillis(50)).build();
    CqlException e = failure("big.map(x => big.map(y => x).length).sum()", slow);
    namesLimit(e, Limit.TIME, 50);
    assertThat(e.getMessage()).contains("ran longer than 50 ms").contains("Context.Builder.maxDuration");
  }

  @Test
  void waitingForDataIsNotTheExpressionsTime() {
    CqlEngine engine = CqlEngine.builder().declare("slow").build();
    Context c = Context.builder().maxDuration(Duration.ofMillis(100)).bindLazy("slow", () -> {
      try {
        Thread.sleep(400); // a data source answering slowly
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return IntStream.range(0, 5000).boxed().toList();
    }).build();
    assertThat(engine.compile("slow.map(x => x + 1).length").evaluate(c).asLong()).isEqualTo(5000);
  }

  @Test
  void waitsForDataTogetherAreBoundedPerEvaluation(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    // the bound is read when the JVM starts: a cql process with -Dcql.limit.data-wait=100 against a simulator
    // answering in 300 ms per request, through the API directly (--store none)
    java.nio.file.Path fixture = java.nio.file.Path.of("grammar-docs/conformance/fixtures/acme").toAbsolutePath();
    try (dev.cql.buildkite.Simulator sim = dev.cql.buildkite.Simulator.start(fixture,
        dev.cql.buildkite.SimulatorOptions.defaults().token("bkua_data_wait_test").latency(Duration.ofMillis(300)))) {
      List<String> cmd = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), "-Dcql.limit.data-wait=100", "-Duser.home=" + tmp, "dev.cql.cli.Main", "eval",
          "--org", sim.organization(), "--api-url", sim.baseUrl(), "--store", "none", "--entities", fixture.resolve("entities").toString(),
          "--entity", "payments-api", "--now", "2026-11-01T12:00:00Z", "buildkite.builds().length");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("BUILDKITE_API_TOKEN", "bkua_data_wait_test");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isEqualTo(1);
      assertThat(out).contains("error[data]").contains("ms for data, all its listings together")
          .contains("limit 'data-wait' is 100 ms").contains("-Dcql.limit.data-wait=N");
    }
  }

  @Test
  void anInterruptedEvaluationEndsAsCancelled() {
    Thread.currentThread().interrupt();
    try {
      CqlException e = failure("big.map(x => x + 1).length");
      assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT);
      assertThat(e.getMessage()).contains("cancelled");
      assertThat(Thread.currentThread().isInterrupted()).as("the flag stays set for the caller").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void regexProgramSize() {
    CqlException e = failure("\"a\".matches(\"(((a{100}){100}){100}){100}\")");
    namesLimit(e, Limit.REGEX_SIZE, 10_000);
    assertThat(e.getMessage()).contains("counted repetitions multiply");
    // a computed pattern is checked where it is compiled, at run time
    CqlException runtime = failure("\"a\".matches(\"(a{100})\" + \"{200}\")");
    namesLimit(runtime, Limit.REGEX_SIZE, 10_000);
    // ordinary patterns pass
    assertThat(ENGINE.compile("\"2024-01-02\".matches(\"\\\\d{4}-\\\\d{2}-\\\\d{2}\")").evaluate(CONTEXT).asBoolean()).isTrue();
    assertThat(ENGINE.compile("\"ab\".matches(\"[a-z]{1,64}\")").evaluate(CONTEXT).asBoolean()).isTrue();
  }

  @Test
  void jqTimeAndOutputs() {
    DataSession session = DataSession.demo(Instant.parse("2025-03-01T00:00:00Z"), () -> { });
    Context c = session.context(null, null);
    CqlException time = assertThrows(() -> session.engine().compile("jq(null, \"reduce range(1e12) as $i (0; . + 1)\")").evaluate(c).raw());
    namesLimit(time, Limit.JQ_TIME, 2000);
    CqlException outputs = assertThrows(() -> session.engine().compile("jq(null, \"range(200000)\")").evaluate(c).raw());
    namesLimit(outputs, Limit.JQ_OUTPUTS, 100_000);
  }

  private static CqlException assertThrows(Runnable r) {
    try {
      r.run();
    } catch (CqlException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void limitsAreListedWithDefaultsAndSettings() {
    for (Limit l : Limit.values()) {
      assertThat(l.property()).isEqualTo("cql.limit." + l.id());
      assertThat(l.value()).isEqualTo(l.defaultValue()).isPositive();
      assertThat(Limit.byId(l.id())).isSameAs(l);
    }
  }

  @Test
  void securityMdListsEveryLimitWithItsDefaultAndUnit() throws java.io.IOException {
    java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| `([a-z-]+)` \\| ([0-9,]+) ([a-z ]+?) \\|", java.util.regex.Pattern.MULTILINE);
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("SECURITY.md"));
    int table = doc.indexOf("| Limit (`id`) |");
    assertThat(table).as("SECURITY.md has the limits table").isNotNegative();
    int end = doc.indexOf("\n\n", table);
    java.util.regex.Matcher m = row.matcher(doc.substring(table, end < 0 ? doc.length() : end));
    Map<String, String> documented = new java.util.LinkedHashMap<>();
    while (m.find()) {
      documented.put(m.group(1), m.group(2).replace(",", "") + " " + m.group(3));
    }
    Map<String, String> declared = new java.util.LinkedHashMap<>();
    for (Limit l : Limit.values()) {
      declared.put(l.id(), l.defaultValue() + " " + l.unit());
    }
    assertThat(documented).isEqualTo(declared);
  }
}
