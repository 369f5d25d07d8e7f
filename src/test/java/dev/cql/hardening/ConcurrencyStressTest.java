package dev.cql.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.CqlExpression;
import dev.cql.api.error.CqlException;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import dev.cql.entity.Entity;
import dev.cql.session.DataSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Compiled expressions evaluated from 16 threads over many entities give exactly the sequential results,
 * starting from a cold cache over real loopback HTTP: all threads ask for the same data at the same moment,
 * and none may see a half-loaded value.
 */
class ConcurrencyStressTest {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final String TOKEN = "bkua_concurrency_stress_token";
  static final int THREADS = 16;
  static final int ROUNDS = 6;

  static final List<String> RULES = List.of(
      "buildkite.builds().length",
      "buildkite.builds(states=[\"passed\"]).map(b => b.number).sortBy(x => x)",
      "buildkite.builds(branch=\"main\").filter(b => b.state == \"failed\").length",
      "buildkite.pipelines().map(p => p.slug).sortBy(x => x)",
      "buildkite.builds(lookback=duration(\"P7D\")).map(b => [b.pipeline.slug, b.number, b.state])",
      "buildkite.builds().map(b => b.branch).distinct().sortBy(x => x)",
      "entity.tag() + \":\" + entity.type()",
      "[1, 2, 3].map(x => x * x).sum() + buildkite.builds().length",
      "jq(entity.descriptor(), \".info\") != null",
      "buildkite.builds().filter(b => b.duration != null).map(b => b.duration).min()");

  private static String outcome(CqlExpression e, DataSession s, Entity entity) {
    try {
      return e.evaluate(s.context(entity, NOW)).toJson();
    } catch (CqlException ex) {
      return "error[" + ex.kind().id() + "] " + ex.getMessage();
    }
  }

  private static DataSession session(Simulator sim) {
    BuildkiteClient client = BuildkiteClient.builder(sim.organization(), TOKEN).baseUrl(sim.baseUrl()).perPage(10)
        .log(l -> { }).build();
    return DataSession.api(new CachedBuildkiteSource(client), FIXTURE.resolve("entities"), c -> { });
  }

  @Test
  void sixteenThreadsGiveTheSequentialResults() throws Exception {
    try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(TOKEN).rateLimit(0))) {
      DataSession sequential = session(sim);
      Map<String, String> expected = new ConcurrentHashMap<>();
      List<Entity> entities = sequential.catalog().all();
      for (Entity e : entities) {
        for (String r : RULES) {
          expected.put(e.tag() + " | " + r, outcome(sequential.engine().compile(r), sequential, e));
        }
      }
      assertThat(expected.values()).as("the rules read real data").anyMatch(v -> v.startsWith("[") && v.length() > 10);

      DataSession cold = session(sim); // a fresh cache: every thread races for the first load
      List<CqlExpression> compiled = RULES.stream().map(r -> cold.engine().compile(r)).toList();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          long seed = t;
          futures.add(pool.submit(() -> {
            List<int[]> work = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
              for (int e = 0; e < entities.size(); e++) {
                for (int r = 0; r < RULES.size(); r++) {
                  work.add(new int[] {e, r});
                }
              }
            }
            Collections.shuffle(work, new Random(seed));
            start.await();
            List<String> mismatches = new ArrayList<>();
            for (int[] w : work) {
              Entity e = entities.get(w[0]);
              String key = e.tag() + " | " + RULES.get(w[1]);
              String got = outcome(compiled.get(w[1]), cold, e);
              if (!got.equals(expected.get(key))) {
                mismatches.add(key + ": expected " + expected.get(key) + ", got " + got);
              }
            }
            return mismatches;
          }));
        }
        start.countDown();
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : futures) {
          all.addAll(f.get());
        }
        assertThat(all).isEmpty();
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
