package dev.cql.store;

import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.LargeOrg;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (surefire does not pick it up by name): syncs a synthetic organization from the
 * simulator into a SQLite store, cold then warm, and prints requests, pages, 429s and wall time. Run:
 * {@code mvn -B test -Dtest=StoreSyncBench -Dsurefire.failIfNoSpecifiedTests=false}
 * Options: -Dbench.pipelines=200 -Dbench.builds=20000 -Dbench.latencyMs=20 -Dbench.rateLimit=0 (per 60 s window;
 * 0 = unlimited) -Dbench.concurrency=4 -Dbench.dir=/tmp/cql-bench
 */
class StoreSyncBench {

  @Test
  void measure() throws Exception {
    int pipelines = Integer.getInteger("bench.pipelines", 200);
    int builds = Integer.getInteger("bench.builds", 20_000);
    int latency = Integer.getInteger("bench.latencyMs", 20);
    int rateLimit = Integer.getInteger("bench.rateLimit", 0);
    int concurrency = Integer.getInteger("bench.concurrency", 4);
    Path base = Path.of(System.getProperty("bench.dir", "/tmp/cql-bench"));
    Path org = base.resolve("org-" + pipelines + "-" + builds);
    if (!Files.isRegularFile(org.resolve("builds.json"))) {
      LargeOrg.write(org, pipelines, builds, 60, LargeOrg.END, 1);
    }
    Path db = Files.createTempDirectory("cql-sync-bench").resolve("store.db");
    SimulatorOptions so = SimulatorOptions.defaults().token("bench").organization(LargeOrg.ORG).latency(Duration.ofMillis(latency))
        .rateLimit(rateLimit).rateLimitWindow(Duration.ofSeconds(60));
    try (Simulator sim = Simulator.start(org, so); BuildStore store = BuildStore.open(StoreLocation.sqlite(db))) {
      System.out.printf("dataset: %s, simulator latency %d ms, rate limit %s, concurrency %d%n", org, latency,
          rateLimit == 0 ? "none" : rateLimit + "/60 s", concurrency);
      for (String run : new String[] {"cold", "warm"}) {
        BuildkiteClient client = BuildkiteClient.builder(LargeOrg.ORG, "bench").baseUrl(sim.baseUrl()).log(l -> { }).build();
        sim.resetCounts();
        long t0 = System.nanoTime();
        StoreSync.Result r = StoreSync.sync(client, store, 60, null,
            new StoreSync.Options().concurrency(concurrency).now(LargeOrg.END));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long throttled = sim.requestLog().stream().filter(l -> l.endsWith("-> 429")).count();
        long pipelinePages = (r.pipelines() + 99) / 100;
        System.out.printf("%s sync: %s, %d builds written, %d requests = %d pipeline pages + %d build pages%s, %d x 429, %d ms"
                + " (waited %d ms for the rate limit)%n",
            run, r.full() ? "full" : "incremental", r.builds(), r.requests(), pipelinePages, r.pages(),
            r.requests() == pipelinePages + r.pages() ? "" : " + " + (r.requests() - pipelinePages - r.pages()) + " more", throttled, ms,
            r.rateLimitWait().toMillis());
      }
    }
  }
}
