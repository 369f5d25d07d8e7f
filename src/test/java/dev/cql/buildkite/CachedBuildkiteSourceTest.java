package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cql.buildkite.BuildkiteException.Reason;
import dev.cql.buildkite.Faults.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedBuildkiteSourceTest {

  private static final Instant NOW = SyntheticOrg.END.plus(Duration.ofMinutes(75));
  private static final String ORG_BUILDS = "/v2/organizations/acme-inc/builds";
  private static final String PIPELINES = "/v2/organizations/acme-inc/pipelines";

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private Simulator sim;
  private SnapshotSource snapshot;
  private List<String> slugs;
  private ExecutorService pool;

  @BeforeEach
  void start() throws Exception {
    sim = Simulator.start(Sim.data(), Sim.options().latency(Duration.ofMillis(20)));
    snapshot = new SnapshotSource(Sim.data());
    slugs = snapshot.pipelines().stream().map(Pipeline::slug).toList();
    pool = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    sim.close();
  }

  private CachedBuildkiteSource source(CachedBuildkiteSource.Options o) {
    return new CachedBuildkiteSource(Sim.client(sim).maxConcurrency(4).build(), o.ticker(ticker));
  }

  private <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
    List<Future<T>> fs = new ArrayList<>();
    for (Callable<T> c : calls) {
      fs.add(pool.submit(c));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : fs) {
      out.add(f.get());
    }
    return out;
  }

  private long buildsSince(Instant start) throws BuildkiteException {
    return snapshot.builds(slugs, start, null).size();
  }

  @Test
  void concurrentIdenticalRequestsReachTheServerOnce() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults().perPipelineThreshold(0));
    List<Callable<List<Pipeline>>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(s::pipelines);
    }
    assertThat(concurrently(calls)).allSatisfy(ps -> assertThat(ps).hasSize(12).isSortedAccordingTo(
        java.util.Comparator.comparing(Pipeline::slug)));
    assertThat(sim.requestCount(PIPELINES)).isEqualTo(1);

    Instant from = NOW.minus(Duration.ofDays(30));
    List<Callable<List<Build>>> bcalls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      bcalls.add(() -> s.builds(slugs, from, NOW));
    }
    List<List<Build>> results = concurrently(bcalls);
    assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(snapshot.builds(slugs, from, NOW)));
    long start = from.truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
    assertThat(sim.requestCount(ORG_BUILDS)).isEqualTo((buildsSince(Instant.ofEpochMilli(start)) + 99) / 100);
  }

  @Test
  void requestsAreBoundedByPagesNotByCallsOrEntities() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults()); // per-pipeline up to 3 slugs
    Instant dayStart = NOW.minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);

    // entities with one, two, then one more pipeline: fetched pipeline by pipeline (3 = the threshold)
    Instant from0 = NOW.minus(Duration.ofDays(30));
    assertThat(s.builds(List.of("search"), from0, NOW)).isEqualTo(snapshot.builds(List.of("search"), from0, NOW));
    assertThat(s.builds(List.of("search", "web-app"), from0, NOW)).isEqualTo(snapshot.builds(List.of("search", "web-app"), from0, NOW));
    assertThat(s.builds(List.of("billing"), NOW.minus(Duration.ofDays(1)), NOW)).isEqualTo(snapshot.builds(List.of("billing"), NOW.minus(Duration.ofDays(1)), NOW));
    assertThat(sim.requestsByPath()).containsOnlyKeys(PIPELINES + "/search/builds", PIPELINES + "/web-app/builds", PIPELINES + "/billing/builds");
    assertThat(sim.requestCount()).isEqualTo(3);

    // a scorecard: 300 rule x entity evaluations over random pipeline sets, each with its own "now"
    Random rnd = new Random(7);
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> set = new ArrayList<>();
      int n = 1 + rnd.nextInt(5);
      for (int k = 0; k < n; k++) {
        set.add(slugs.get(rnd.nextInt(slugs.size())));
      }
      Instant now = NOW.plus(Duration.ofMinutes(rnd.nextInt(40)));
      Instant from = now.minus(Duration.ofDays(rnd.nextBoolean() ? 30 : 7));
      calls.add(() -> {
        s.pipelines();
        return s.builds(set, from, now).equals(snapshot.builds(set, from, now));
      });
    }
    assertThat(concurrently(calls)).containsOnly(true);
    long orgPages = (buildsSince(dayStart) + 99) / 100;
    assertThat(sim.requestCount(ORG_BUILDS)).isEqualTo(orgPages);
    assertThat(sim.requestCount(PIPELINES)).isEqualTo(1);
    assertThat(sim.requestCount()).isEqualTo(3 + 1 + orgPages);
  }

  @Test
  void nearbyWindowsReuseOneFetchAndEarlierStartsFetchAgain() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults().perPipelineThreshold(0));
    s.builds(slugs, NOW.minus(Duration.ofDays(30)), NOW);
    long after = sim.requestCount();
    // the clock moved by minutes; a shorter lookback; an explicit window inside it
    assertThat(s.builds(slugs, NOW.plusSeconds(600).minus(Duration.ofDays(30)), NOW.plusSeconds(600)))
        .isEqualTo(snapshot.builds(slugs, NOW.plusSeconds(600).minus(Duration.ofDays(30)), NOW.plusSeconds(600)));
    assertThat(s.builds(slugs, NOW.minus(Duration.ofDays(7)), NOW)).isEqualTo(snapshot.builds(slugs, NOW.minus(Duration.ofDays(7)), NOW));
    Instant a = NOW.minus(Duration.ofDays(20));
    Instant b = NOW.minus(Duration.ofDays(10));
    assertThat(s.builds(List.of("billing", "mobile"), a, b)).isEqualTo(snapshot.builds(List.of("billing", "mobile"), a, b)).isNotEmpty();
    assertThat(sim.requestCount()).isEqualTo(after);
    // a window starting earlier than anything cached needs a fetch
    assertThat(s.builds(slugs, NOW.minus(Duration.ofDays(44)), NOW)).isEqualTo(snapshot.builds(slugs, NOW.minus(Duration.ofDays(44)), NOW));
    assertThat(sim.requestCount()).isGreaterThan(after);
  }

  @Test
  void servesStaleDataWhenARefreshFailsAndRecovers() throws Exception {
    // Reloads run on the calling thread here, so that what they leave behind can be asserted right after.
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults().ttl(Duration.ofMinutes(5)).perPipelineThreshold(0)
        .executor(Runnable::run));
    Instant from = NOW.minus(Duration.ofDays(30));
    List<Pipeline> first = s.pipelines();
    List<Build> builds = s.builds(slugs, from, NOW);
    long fetched = sim.requestCount();

    nanos.addAndGet(Duration.ofMinutes(4).toNanos());
    s.pipelines();
    assertThat(sim.requestCount()).as("within the TTL").isEqualTo(fetched);

    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    sim.faults().failNext(Integer.MAX_VALUE, Fault.status(503));
    assertThat(s.pipelines()).isEqualTo(first);
    assertThat(s.builds(slugs, from, NOW)).isEqualTo(builds);
    assertThat(s.isStale()).isTrue();
    assertThat(s.staleness()).hasValueSatisfying(n -> assertThat(n).contains("pipeline list").contains("HTTP 503"));
    assertThat(s.describe()).contains("STALE");

    sim.faults().clear();
    nanos.addAndGet(Duration.ofMinutes(6).toNanos()); // a failed reload is retried a TTL later
    assertThat(s.pipelines()).isEqualTo(first);
    assertThat(s.builds(slugs, from, NOW)).isEqualTo(builds);
    assertThat(s.isStale()).isFalse();
    assertThat(s.describe()).doesNotContain("STALE");
  }

  @Test
  void expiredEntriesAreRefreshedOnceForConcurrentCallers() throws Exception {
    // The reload runs on the caller that finds the entry due, so the count below is final when the calls return.
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults().executor(Runnable::run));
    s.pipelines();
    nanos.addAndGet(Duration.ofMinutes(6).toNanos());
    List<Callable<List<Pipeline>>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(s::pipelines);
    }
    concurrently(calls);
    assertThat(sim.requestCount(PIPELINES)).isEqualTo(2);
  }

  @Test
  void dataOlderThanMaxStaleIsDroppedWhileRefreshesFail() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults().ttl(Duration.ofMinutes(5))
        .maxStale(Duration.ofHours(1)).executor(Runnable::run));
    List<Pipeline> first = s.pipelines();
    sim.faults().failNext(Integer.MAX_VALUE, Fault.status(503));
    nanos.addAndGet(Duration.ofMinutes(6).toNanos());
    assertThat(s.pipelines()).isEqualTo(first);
    assertThat(s.isStale()).isTrue();
    nanos.addAndGet(Duration.ofMinutes(55).toNanos()); // 61 minutes after the fetch
    assertThatThrownBy(s::pipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVER));
  }

  @Test
  void aClosedSourceRefusesCalls() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults());
    assertThat(s.pipelines()).isNotEmpty();
    s.close();
    assertThatThrownBy(s::pipelines).isInstanceOfSatisfying(BuildkiteException.class,
        e -> assertThat(e.getMessage()).contains("closed"));
    assertThatThrownBy(() -> s.builds(slugs, NOW.minus(Duration.ofDays(1)), NOW)).isInstanceOf(BuildkiteException.class);
  }

  @Test
  void aFirstFetchThatFailsIsAnErrorAndIsNotCached() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults());
    sim.faults().failNext(5, Fault.status(500));
    assertThatThrownBy(s::pipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVER));
    assertThat(s.isStale()).isFalse();
    assertThat(s.pipelines()).hasSize(12);
  }

  @Test
  void anUnknownPipelineHasNoBuilds() throws Exception {
    CachedBuildkiteSource s = source(CachedBuildkiteSource.Options.defaults());
    assertThat(s.builds(List.of("ghost"), NOW.minus(Duration.ofDays(30)), NOW)).isEmpty();
    assertThat(s.builds(List.of(), NOW.minus(Duration.ofDays(30)), NOW)).isEmpty();
  }
}
