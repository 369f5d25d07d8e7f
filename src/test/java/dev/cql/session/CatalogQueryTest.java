package dev.cql.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.entity.Entity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatalogQueryTest {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final DataSession SESSION = DataSession.snapshot(FIXTURE, null, c -> { });

  static boolean reads(String expr) {
    return CatalogQuery.readsEntityScope(SESSION.engine().compile(expr));
  }

  @Test
  void whichExpressionsReadEntityScopedNames() {
    assertThat(reads("entity.tag()")).isTrue();
    assertThat(reads("buildkite != null")).isTrue();
    assertThat(reads("custom(\"tier\") == 1")).isTrue();
    assertThat(reads("hasGroup(\"payments\")")).isTrue();
    assertThat(reads("[1, 2].any(x => x == entity.groups().length)")).isTrue(); // inside a lambda
    assertThat(reads("jq(entity.descriptor(), \".info\")")).isTrue();
    assertThat(reads("buildkite.builds(states[\"failed\"]).length")).isTrue();
    assertThat(reads("1 + 2")).isFalse();
    assertThat(reads("[1, 2].map(entity => entity + 1)")).isFalse(); // a lambda parameter, not the namespace
    assertThat(reads("[1, 2].map(buildkite => buildkite).length > 0 AND entity != null")).isTrue();
    assertThat(reads("duration(\"P1D\") > duration(\"PT1H\")")).isFalse();
  }

  @Test
  void everyEntityGetsItsOwnValueOrError() {
    CatalogQuery q = CatalogQuery.over(SESSION, SESSION.catalog().all());
    CqlExpression e = SESSION.engine().compile("buildkite.pipelines().length + extra", java.util.Set.of("extra"));
    CatalogQuery.Result r = q.evaluate(e, NOW, Map.of("extra", 100), 4, null);
    assertThat(r.rows()).extracting(CatalogQuery.Row::tag).isSorted().hasSize(12);
    for (CatalogQuery.Row row : r.rows()) {
      if (row.tag().equals("mobile-app")) {
        assertThat(row.error().kind()).isEqualTo(ErrorKind.NULL_VALUE);
      } else {
        Context c = SESSION.context(row.entity(), NOW).toBuilder().bind("extra", 100).build();
        assertThat(row.value()).as(row.tag()).isEqualTo(SESSION.engine().compile("buildkite.pipelines().length + extra", java.util.Set.of("extra"))
            .evaluate(c));
      }
    }
    assertThat(r.booleans()).isFalse();
    assertThat(r.dataFailures()).isEmpty();
    CatalogQuery.Result b = q.evaluate(SESSION.engine().compile("buildkite != null"), NOW, Map.of(), 2, null);
    assertThat(b.booleans()).isTrue();
    assertThat(b.trueCount()).isEqualTo(11);
  }

  @Test
  void runTimeWarningsAreCollectedOnceEach() {
    CatalogQuery q = CatalogQuery.over(SESSION, SESSION.catalog().all());
    CatalogQuery.Result r = q.evaluate(SESSION.engine().compile("buildkite != null"), NOW, Map.of(), 3, null);
    assertThat(r.warnings()).extracting(w -> w.message())
        .containsExactly("entity data-platform lists pipeline slug 'data-etl', which the organization does not have",
            "entity data-platform lists Buildkite tag 'data', which no pipeline carries",
            "entity payments-api lists pipeline slug 'payments-canary', which the organization does not have");
  }

  /** Work that takes long enough to be interrupted: about 840,000 lambda calls for each entity. */
  static final String SLOW;

  static {
    StringBuilder sb = new StringBuilder("[1");
    for (int i = 2; i <= 30; i++) {
      sb.append(',').append(i);
    }
    String l = sb.append(']').toString();
    SLOW = "entity.tag() != null AND " + l + ".flatMap(a => " + l + ".flatMap(b => " + l + ".flatMap(c => " + l
        + ".map(d => a * b * c * d)))).length > 0";
  }

  @Test
  void anInterruptedEvaluationStopsWithALimitError() {
    CqlExpression e = CqlEngine.builder().build().compile("[1,2,3,4,5,6,7,8,9,10,11,12].flatMap(a => "
        + "[1,2,3,4,5,6,7,8,9,10,11,12].flatMap(b => [1,2,3,4,5,6,7,8,9,10,11,12].map(c => a * b * c))).length");
    assertThat(e.evaluate(Context.EMPTY).asLong()).isEqualTo(1728);
    Thread.currentThread().interrupt();
    try {
      CqlException ex = assertThrows(CqlException.class, () -> e.evaluate(Context.EMPTY));
      assertThat(ex.kind()).isEqualTo(ErrorKind.LIMIT);
      assertThat(ex.getMessage()).isEqualTo("the evaluation was cancelled");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void interruptingAQueryCancelsEveryEntity() throws Exception {
    List<Entity> entities = SESSION.catalog().all();
    CatalogQuery q = CatalogQuery.over(SESSION, entities);
    CqlExpression slow = SESSION.engine().compile(SLOW);
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        q.evaluate(slow, NOW, Map.of(), 2, (row, done, total) -> started.countDown());
        outcome.set(new AssertionError("finished"));
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    caller.start();
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue(); // one entity is done: the query is under way
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(caller.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOf(CqlException.class).hasMessage("the evaluation was cancelled");
    assertThat(((CqlException) outcome.get()).kind()).isEqualTo(ErrorKind.LIMIT);
    // the pool's threads were interrupted too, and stop: none is left evaluating
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("cql-entity") && t.isAlive())
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("cql-entity") && t.isAlive());
  }
}
