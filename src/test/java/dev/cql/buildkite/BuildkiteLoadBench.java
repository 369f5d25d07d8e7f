package dev.cql.buildkite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (surefire does not pick it up by name). Run:
 * {@code mvn -B -q test -Dtest=BuildkiteLoadBench -Dsurefire.failIfNoSpecifiedTests=false}
 * Options: -Dbench.pipelines=40 -Dbench.buildsPerPipeline=150 -Dbench.latencyMs=20 -Dbench.evaluations=200
 */
class BuildkiteLoadBench {

  @Test
  void measure() throws Exception {
    int pipelines = Integer.getInteger("bench.pipelines", 40);
    int perPipeline = Integer.getInteger("bench.buildsPerPipeline", 150);
    int latency = Integer.getInteger("bench.latencyMs", 20);
    int evaluations = Integer.getInteger("bench.evaluations", 200);
    Path dir = Files.createTempDirectory("bk-bench");
    SyntheticOrg.write(dir, pipelines, perPipeline, 45, SyntheticOrg.END, 1);
    Instant now = SyntheticOrg.END.plus(Duration.ofHours(2));
    Instant from = now.minus(Duration.ofDays(30));
    SnapshotSource snap = new SnapshotSource(dir);
    List<String> slugs = snap.pipelines().stream().map(Pipeline::slug).toList();
    int total = snap.builds(slugs, Instant.EPOCH, null).size();
    int inWindow = snap.builds(slugs, from, now).size();
    System.out.printf("dataset: %d pipelines, %d builds (%d created in the 30-day window), simulator latency %d ms%n",
        pipelines, total, inWindow, latency);

    try (Simulator sim = Simulator.start(dir, Sim.options().latency(Duration.ofMillis(latency)))) {
      CachedBuildkiteSource source = new CachedBuildkiteSource(Sim.client(sim).log(l -> { }).build());
      long t0 = System.nanoTime();
      List<Pipeline> ps = source.pipelines();
      List<Build> bs = source.builds(slugs, from, now);
      long cold = System.nanoTime() - t0;
      long coldRequests = sim.requestCount();
      System.out.printf("cold: pipelines (%d) + 30-day window (%d builds): %d requests %s, %d ms%n",
          ps.size(), bs.size(), coldRequests, sim.requestsByPath(), cold / 1_000_000);

      t0 = System.nanoTime();
      source.pipelines();
      source.builds(slugs, from.plusSeconds(300), now.plusSeconds(300));
      long warm = System.nanoTime() - t0;
      System.out.printf("warm: same calls (now moved 5 min): %d new requests, %.2f ms%n",
          sim.requestCount() - coldRequests, warm / 1e6);

      // a scorecard-like load: many rule x entity evaluations over subsets of pipelines, 8 threads
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Random rnd = new Random(3);
      t0 = System.nanoTime();
      List<Future<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < evaluations; i++) {
        List<String> set = List.of(slugs.get(rnd.nextInt(slugs.size())), slugs.get(rnd.nextInt(slugs.size())));
        Instant f = now.minus(Duration.ofDays(rnd.nextBoolean() ? 7 : 30));
        fs.add(pool.submit(() -> {
          source.pipelines();
          return source.builds(set, f, now).size();
        }));
      }
      for (Future<Integer> f : fs) {
        f.get();
      }
      pool.shutdown();
      System.out.printf("warm: %d evaluations (2 pipelines each, 7/30-day lookbacks, 8 threads): %d new requests, %d ms%n",
          evaluations, sim.requestCount() - coldRequests, (System.nanoTime() - t0) / 1_000_000);

      // for comparison: the same window listed pipeline by pipeline, uncached
      BuildkiteClient c = Sim.client(sim).log(l -> { }).build();
      long before = sim.requestCount();
      t0 = System.nanoTime();
      int n = 0;
      for (String slug : slugs) {
        n += c.listBuilds(BuildQuery.pipeline(slug).withCreatedFrom(from)).size();
      }
      System.out.printf("reference: per-pipeline listing of the window, sequential: %d builds, %d requests, %d ms%n",
          n, sim.requestCount() - before, (System.nanoTime() - t0) / 1_000_000);
    }
  }
}
