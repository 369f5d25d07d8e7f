package dev.cql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CqlEngineTest {

  private final CqlEngine engine = CqlEngine.builder().declare("limit", "items", "svc").build();

  @Test
  void readmeExample() {
    CqlExpression e = engine.compile("[1, 2, 3].filter(x => x > 1).length <= limit");
    assertThat(e.evaluate(Context.of(Map.of("limit", 3))).asBoolean()).isTrue();
    assertThat(e.evaluate(Context.of(Map.of("limit", 1))).asBoolean()).isFalse();
  }

  @Test
  void bindsPlainJavaValues() {
    Context ctx = Context.builder()
        .bind("items", List.of(1, 2.5, "a", Map.of("k", true)))
        .bind("svc", Map.of("since", Instant.parse("2026-01-01T00:00:00Z"), "every", Duration.ofHours(1)))
        .build();
    assertThat(engine.compile("items[1] + 0.5").evaluate(ctx).asLong()).isEqualTo(3);
    assertThat(engine.compile("items[3].k").evaluate(ctx).asBoolean()).isTrue();
    assertThat(engine.compile("svc.since + svc.every").evaluate(ctx).asDatetime())
        .isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(engine.compile("items.length").evaluate(ctx).raw()).isEqualTo(4L);
  }

  @Test
  void rejectsValuesItCannotRepresent() {
    assertThatThrownBy(() -> Context.builder().bind("x", new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot bind");
  }

  @Test
  void numbersAreExactAndCanonical() {
    assertThat(engine.compile("0.1 + 0.2").evaluate(Context.EMPTY).asDecimal()).isEqualByComparingTo("0.3");
    assertThat(engine.compile("1 / 3").evaluate(Context.EMPTY).asDecimal())
        .isEqualTo(new BigDecimal("0.3333333333333333333333333333333333"));
    assertThat(engine.compile("6 / 3").evaluate(Context.EMPTY).raw()).isEqualTo(2L);
    assertThat(engine.compile("9223372036854775807 * 2").evaluate(Context.EMPTY).toString())
        .isEqualTo("18446744073709551614");
  }

  @Test
  void bindsTheCallersMapsAndListsInPlace() {
    Map<String, Object> build = new java.util.HashMap<>();
    build.put("number", 7);             // an Integer: read as the integer 7
    build.put("ratio", 0.5);            // a Double: read as the exact decimal 0.5
    build.put("tags", List.of("a", "b"));
    build.put("nothing", null);
    Context ctx = Context.builder().bind("items", List.of(build, Map.of("number", 8L))).build();
    assertThat(engine.compile("items.map(b => b.number)").evaluate(ctx).toString()).isEqualTo("[7, 8]");
    assertThat(engine.compile("items[0].ratio + 0.25 == 0.75").evaluate(ctx).asBoolean()).isTrue();
    assertThat(engine.compile("items[0].tags == [\"a\", \"b\"] AND \"b\" in items[0].tags").evaluate(ctx).asBoolean()).isTrue();
    assertThat(engine.compile("items[0].nothing == null AND items[0].absent == null").evaluate(ctx).asBoolean()).isTrue();
    Context twin = Context.builder().bind("items", List.of(Map.of("number", 8L))).bind("svc", List.of(Map.of("number", 8)))
        .build();
    assertThat(engine.compile("items == svc AND items[0] in svc").evaluate(twin).asBoolean()).isTrue(); // deep equality
    assertThat(engine.compile("items[0].keys().length").evaluate(ctx).asLong()).isEqualTo(4);
    assertThat(engine.compile("items.filter(b => b.number > 7).length").evaluate(ctx).asLong()).isEqualTo(1);
    // a value read through a view that CQL has no kind for is the evaluation's type error
    Context odd = Context.builder().bind("items", List.of(Map.of("t", new Object()))).build();
    assertThatThrownBy(() -> engine.compile("items[0].t").evaluate(odd))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TYPE));
    Context badKeys = Context.builder().bind("items", List.of(Map.of(1, "x"))).build();
    assertThatThrownBy(() -> engine.compile("items[0].keys()").evaluate(badKeys))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.getMessage()).contains("keys must be strings"));
  }

  @Test
  void aContextReusedAfterTheCallerChangedItsListsBetweenEvaluationsReadsTheNewElements() {
    List<Object> items = new java.util.ArrayList<>(List.of(Map.of("number", 1L), Map.of("number", 2L)));
    Context ctx = Context.builder().bind("items", items).build();
    CqlExpression numbers = engine.compile("items.map(b => b.number)");
    assertThat(numbers.evaluate(ctx).toString()).isEqualTo("[1, 2]");
    items.set(0, Map.of("number", 10L)); // between evaluations, not while one runs
    items.add(Map.of("number", 3L));
    assertThat(numbers.evaluate(ctx).toString()).isEqualTo("[10, 2, 3]");
  }

  @Test
  void aBuiltContextNeverChanges() {
    Context.Builder b = Context.builder().bind("limit", 1);
    Context first = b.build();
    b.bind("limit", 2).bind("items", null);
    Context second = b.build();
    Context third = second.toBuilder().bind("limit", 3).build();
    assertThat(first.get("limit")).isEqualTo(1L);
    assertThat(first.has("items")).isFalse();
    assertThat(second.get("limit")).isEqualTo(2L);
    assertThat(second.has("items")).isTrue();   // bound to null is not unbound
    assertThat(second.get("items")).isNull();
    assertThat(third.get("limit")).isEqualTo(3L);
    assertThat(second.get("limit")).isEqualTo(2L);
    assertThat(third.names()).containsExactly("items", "limit");
  }

  @Test
  void unknownNamesAreFoundWhenCompiling() {
    assertThatThrownBy(() -> engine.compile("limt > 1")).isInstanceOfSatisfying(CqlException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
      assertThat(e.getMessage()).contains("did you mean 'limit'");
      assertThat(e.render()).contains("limt > 1\n^~~~");
    });
    assertThatThrownBy(() -> engine.compile("[1].lenght()")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.getMessage()).contains("did you mean 'length'"));
    assertThatThrownBy(() -> engine.compile("[1].any(1, 2)")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARITY));
  }

  @Test
  void unboundDeclaredVariableIsAnError() {
    assertThatThrownBy(() -> engine.compile("limit + 1").evaluate(Context.EMPTY))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME));
    assertThat(engine.compile("limit == null").evaluate(Context.builder().bind("limit", null).build()).asBoolean())
        .isTrue();
  }

  @Test
  void compilationsAreCachedBySource() {
    assertThat(engine.compile("1 + 1")).isSameAs(engine.compile("1 + 1"));
    assertThat(engine.compile("1 + 1", List.of("z"))).isNotSameAs(engine.compile("1 + 1"));
  }

  @Test
  void oneCompiledExpressionEvaluatesFromManyThreads() throws Exception {
    CqlExpression e = engine.compile("items.map(x => items.filter(y => y < x).length).sum() + limit");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int n = t % 10 + 1;
        results.add(pool.submit(() -> {
          List<Integer> items = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            items.add(i);
          }
          long last = 0;
          for (int rep = 0; rep < 200; rep++) {
            last = e.evaluate(Context.builder().bind("items", items).bind("limit", n).build()).asLong();
          }
          return last;
        }));
      }
      for (int t = 0; t < 64; t++) {
        long n = t % 10 + 1;
        assertThat(results.get(t).get()).isEqualTo(n * (n - 1) / 2 + n);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lazyBindingsAreComputedOncePerContext() {
    AtomicInteger calls = new AtomicInteger();
    Context ctx = Context.builder().bindLazy("svc", () -> {
      calls.incrementAndGet();
      return Map.of("n", 1);
    }).build();
    CqlExpression e = engine.compile("svc.n + svc.n");
    assertThat(e.evaluate(ctx).asLong()).isEqualTo(2);
    assertThat(e.evaluate(ctx).asLong()).isEqualTo(2);
    assertThat(calls).hasValue(1);
  }

  @Test
  void capturesAreRecorded() {
    EvaluationResult r = engine.compile("captures(\"n\", [1, 2].length) > 5").evaluateDetailed(Context.EMPTY);
    assertThat(r.value().asBoolean()).isFalse();
    assertThat(r.captures()).containsEntry("n", Value.of(2L));
  }

  @Test
  void clockIsReadOncePerEvaluation() {
    Context ctx = Context.builder().now(Instant.parse("2026-11-01T12:00:00Z")).build();
    assertThat(engine.compile("now()").evaluate(ctx).toString()).isEqualTo("2026-11-01T12:00:00Z");
    assertThat(engine.compile("datetime(\"2026-10-01T12:00:00Z\").fromNow()").evaluate(ctx).toString())
        .isEqualTo("-PT744H");
    assertThat(engine.compile("now() == now()").evaluate(Context.EMPTY).asBoolean()).isTrue();
  }

  @Test
  void workIsBounded() {
    CqlExpression e = engine.compile("items.map(a => items.map(b => items.map(c => a + b + c).sum()).sum()).sum()");
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      items.add(i);
    }
    assertThatThrownBy(() -> e.evaluate(Context.builder().bind("items", items).maxWork(1_000_000).build()))
        .isInstanceOfSatisfying(CqlException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.LIMIT));
  }

  @Test
  void errorsCarryTheSourceForTheCaret() {
    assertThatThrownBy(() -> engine.compile("[1, 2][5]").evaluate(Context.EMPTY))
        .isInstanceOfSatisfying(CqlException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INDEX);
          assertThat(e.render()).isEqualTo(
              "error[index] 1:1: index 5 is out of range for a list of 2 elements\n[1, 2][5]\n^~~~~~~~~");
        });
  }

  @Test
  void jsonFormIsStable() {
    Context ctx = Context.builder().now(Instant.parse("2026-11-01T12:00:00Z")).build();
    assertThat(engine.compile("[1, \"a\", null, {2, 3}, now(), duration(\"P7D\"), 1.50]").evaluate(ctx).toJson())
        .isEqualTo("[1,\"a\",null,[2,3],\"2026-11-01T12:00:00Z\",\"PT168H\",1.5]");
  }
}
