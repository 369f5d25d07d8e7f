package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.buildkite.BuildkiteException.Reason;
import dev.cql.buildkite.Faults.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BuildkiteClientTest {

  private Simulator sim;
  private List<Build> all; // the snapshot, newest first

  @BeforeEach
  void start() throws Exception {
    sim = Sim.start();
    all = new SnapshotSource(Sim.data()).builds(slugs(), Instant.EPOCH, null);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static Set<String> slugs() throws BuildkiteException {
    return new SnapshotSource(Sim.data()).pipelines().stream().map(Pipeline::slug).collect(Collectors.toSet());
  }

  private static List<String> ids(List<Build> bs) {
    return bs.stream().map(Build::id).toList();
  }

  private List<String> expected(Predicate<Build> p) {
    return all.stream().filter(p).map(Build::id).toList();
  }

  // ------------------------------------------------------------------ pagination

  @Test
  void followsLinkHeadersAcrossPages() throws Exception {
    BuildkiteClient c = Sim.client(sim).perPage(7).build();
    assertThat(c.listPipelines()).hasSize(12);
    assertThat(sim.requestCount()).isEqualTo(2); // 7 + 5

    List<Build> builds = c.listBuilds(BuildQuery.organization());
    assertThat(ids(builds)).containsExactlyElementsOf(ids(all));
    assertThat(sim.requestCount()).isEqualTo(2 + (298 + 6) / 7);
  }

  @Test
  void asksForHundredPerPageWithoutJobs() throws Exception {
    BuildkiteClient c = Sim.client(sim).build();
    assertThat(c.listBuilds(BuildQuery.organization())).hasSize(298);
    assertThat(sim.requestCount()).isEqualTo(3);
    assertThat(sim.requestLog()).allSatisfy(l -> assertThat(l).contains("per_page=100").contains("exclude_jobs=true"));
  }

  @Test
  void nextLinksToAnotherHostAreRebasedOntoTheConfiguredBase() throws Exception {
    // the simulator's links name 127.0.0.1; a client configured with localhost must stay on localhost
    BuildkiteClient c = Sim.client(sim).baseUrl("http://localhost:" + sim.port()).perPage(50).build();
    assertThat(c.listBuilds(BuildQuery.organization())).hasSize(298);
    assertThat(sim.requestCount()).isEqualTo(6);
  }

  // ------------------------------------------------------------------ filters

  @Test
  void branchFilterExactListAndWildcard() throws Exception {
    BuildkiteClient c = Sim.client(sim).perPage(100).build();
    assertThat(ids(c.listBuilds(BuildQuery.organization().withBranches("main"))))
        .isNotEmpty().containsExactlyElementsOf(expected(b -> b.branch().equals("main")));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withBranches("main", "release/1.x"))))
        .containsExactlyElementsOf(expected(b -> b.branch().equals("main") || b.branch().equals("release/1.x")));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withBranches("*dev*"))))
        .isNotEmpty().containsExactlyElementsOf(expected(b -> b.branch().contains("dev")));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withBranches("feature/*"))))
        .isNotEmpty().containsExactlyElementsOf(expected(b -> b.branch().startsWith("feature/")));
  }

  @Test
  void commitFilterNeedsTheFullSha() throws Exception {
    BuildkiteClient c = Sim.client(sim).build();
    Build one = all.get(17);
    assertThat(ids(c.listBuilds(BuildQuery.organization().withCommits(one.commit())))).containsExactly(one.id());
    assertThat(c.listBuilds(BuildQuery.organization().withCommits(one.commit().substring(0, 7)))).isEmpty();
    Build two = all.get(40);
    assertThat(ids(c.listBuilds(BuildQuery.organization().withCommits(one.commit(), two.commit())))).containsExactly(one.id(), two.id());
  }

  @Test
  void stateFilterWithFinishedAndBlocked() throws Exception {
    BuildkiteClient c = Sim.client(sim).build();
    assertThat(ids(c.listBuilds(BuildQuery.organization().withStates("failed"))))
        .isNotEmpty().containsExactlyElementsOf(expected(b -> b.state().equals("failed")));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withStates("failed", "canceled"))))
        .containsExactlyElementsOf(expected(b -> Set.of("failed", "canceled").contains(b.state())));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withStates("finished"))))
        .containsExactlyElementsOf(expected(b -> Set.of("passed", "failed", "blocked", "canceled").contains(b.state()) || b.blocked()));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withStates("blocked"))))
        .isNotEmpty().containsExactlyElementsOf(expected(Build::blocked));
  }

  @Test
  void timeFiltersHaveBuildkiteBoundaries() throws Exception {
    BuildkiteClient c = Sim.client(sim).build();
    Instant t = all.get(100).createdAt();
    // created_from inclusive, created_to exclusive
    assertThat(ids(c.listBuilds(BuildQuery.organization().withCreatedFrom(t))))
        .containsExactlyElementsOf(expected(b -> !b.createdAt().isBefore(t))).contains(all.get(100).id());
    assertThat(ids(c.listBuilds(BuildQuery.organization().withCreatedTo(t))))
        .containsExactlyElementsOf(expected(b -> b.createdAt().isBefore(t))).doesNotContain(all.get(100).id());
    Instant from = SyntheticOrg.END.minus(Duration.ofDays(10));
    Instant to = SyntheticOrg.END.minus(Duration.ofDays(3));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withCreatedFrom(from).withCreatedTo(to))))
        .isNotEmpty().containsExactlyElementsOf(expected(b -> !b.createdAt().isBefore(from) && b.createdAt().isBefore(to)));
    Instant f = SyntheticOrg.END.minus(Duration.ofDays(5));
    assertThat(ids(c.listBuilds(BuildQuery.organization().withFinishedFrom(f))))
        .isNotEmpty().containsExactlyElementsOf(expected(b -> b.finishedAt() != null && !b.finishedAt().isBefore(f)));
  }

  @Test
  void pipelineEndpointListsOnePipeline() throws Exception {
    BuildkiteClient c = Sim.client(sim).perPage(10).build();
    List<Build> bs = c.listBuilds(BuildQuery.pipeline("search").withBranches("main"));
    assertThat(ids(bs)).isNotEmpty()
        .containsExactlyElementsOf(expected(b -> b.pipeline().slug().equals("search") && b.branch().equals("main")));
    assertThat(sim.requestsByPath()).containsOnlyKeys("/v2/organizations/acme-inc/pipelines/search/builds");
  }

  // ------------------------------------------------------------------ politeness

  @Test
  void waitsForTheResetOn429ThenSucceeds() throws Exception {
    sim.close();
    sim = Simulator.start(Sim.data(), Sim.options().rateLimit(3).rateLimitWindow(Duration.ofMillis(800)));
    BuildkiteClient c = Sim.client(sim).maxConcurrency(6).build();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<List<Pipeline>>> fs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        fs.add(pool.submit(c::listPipelines));
      }
      for (Future<List<Pipeline>> f : fs) {
        assertThat(f.get()).hasSize(12);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.requestLog()).anySatisfy(l -> assertThat(l).endsWith("-> 429"));
    assertThat(sim.requestLog().stream().filter(l -> l.endsWith("-> 200")).count()).isEqualTo(6);
  }

  @Test
  void pausesWhenRemainingReachesZeroInsteadOfProvoking429() throws Exception {
    sim.close();
    sim = Simulator.start(Sim.data(), Sim.options().rateLimit(2).rateLimitWindow(Duration.ofMillis(400)));
    BuildkiteClient c = Sim.client(sim).perPage(100).build();
    assertThat(c.listBuilds(BuildQuery.organization())).hasSize(298); // 3 pages, 2 per window
    assertThat(sim.requestLog()).hasSize(3).noneSatisfy(l -> assertThat(l).endsWith("-> 429"));
    assertThat(c.lastRateLimit().limit()).isEqualTo(2);
  }

  @Test
  void aResetLongerThanTheClientWillWaitIsRateLimitedError() throws Exception {
    sim.close();
    sim = Simulator.start(Sim.data(), Sim.options().rateLimit(1).rateLimitWindow(Duration.ofSeconds(60)));
    BuildkiteClient c = Sim.client(sim).maxRateLimitWait(Duration.ofSeconds(2)).build();
    c.listPipelines();
    long t0 = System.nanoTime();
    assertThatThrownBy(c::listPipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED))
        .hasMessageContaining("resets in");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void boundsRequestsInFlight() throws Exception {
    sim.close();
    sim = Simulator.start(Sim.data(), Sim.options().latency(Duration.ofMillis(60)));
    BuildkiteClient c = Sim.client(sim).maxConcurrency(2).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long t0 = System.nanoTime();
    try {
      List<Future<List<Pipeline>>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(pool.submit(c::listPipelines));
      }
      for (Future<List<Pipeline>> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // 8 requests of 60 ms, two at a time: at least 4 rounds
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(235));
  }

  // ------------------------------------------------------------------ faults

  @Test
  void retriesABurstOf5xx() throws Exception {
    sim.faults().failNext(3, Fault.status(503));
    BuildkiteClient c = Sim.client(sim).build();
    assertThat(c.listPipelines()).hasSize(12);
    assertThat(sim.requestCount()).isEqualTo(4);
  }

  @Test
  void givesUpAfterFiveTries() throws Exception {
    sim.faults().failNext(100, Fault.status(502));
    BuildkiteClient c = Sim.client(sim).build();
    assertThatThrownBy(c::listPipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVER))
        .hasMessageContaining("HTTP 502").hasMessageContaining("5 attempts");
    assertThat(sim.requestCount()).isEqualTo(5);
  }

  @Test
  void malformedJsonIsRetriedThenReported() throws Exception {
    sim.faults().failRequest(1, Fault.malformed());
    BuildkiteClient c = Sim.client(sim).build();
    assertThat(c.listPipelines()).hasSize(12);
    assertThat(sim.requestCount()).isEqualTo(2);

    sim.faults().failNext(100, Fault.malformed());
    assertThatThrownBy(c::listPipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("not a JSON array");
  }

  @Test
  void droppedConnectionsAndTimeoutsAreRetried() throws Exception {
    sim.faults().failRequest(1, Fault.drop()).failRequest(2, Fault.slow(Duration.ofMillis(1500)));
    BuildkiteClient c = Sim.client(sim).requestTimeout(Duration.ofMillis(300)).build();
    assertThat(c.listPipelines()).hasSize(12);
    assertThat(sim.requestCount()).isEqualTo(3);
    assertThat(Sim.LOG).anySatisfy(l -> assertThat(l).contains("timed out"));

    sim.faults().failNext(100, Fault.drop());
    assertThatThrownBy(c::listPipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK));
  }

  @Test
  void aFailureAfterTheFirstPageIsIncompleteNeverAShortList() throws Exception {
    sim.faults().failWhen(pq -> pq.contains("page=3"), Integer.MAX_VALUE, Fault.status(503));
    BuildkiteClient c = Sim.client(sim).perPage(50).build();
    assertThatThrownBy(() -> c.listBuilds(BuildQuery.organization()))
        .isInstanceOfSatisfying(BuildkiteException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE);
          assertThat(((BuildkiteException) e.getCause()).reason()).isEqualTo(Reason.SERVER);
        })
        .hasMessageContaining("page 3 failed after 2 page(s) (100 items)");
    assertThat(sim.requestCount()).isEqualTo(2 + 5);
  }

  // ------------------------------------------------------------------ errors that need a human

  @Test
  void badTokenIs401WithAnActionableMessageAndNoRetry() {
    BuildkiteClient c = BuildkiteClient.builder("acme-inc", "wrong-token").baseUrl(sim.baseUrl()).log(Sim.LOG::add).build();
    assertThatThrownBy(c::listPipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
        .hasMessageContaining("Authentication required")
        .hasMessageContaining("BUILDKITE_API_TOKEN");
    assertThat(sim.requestCount()).isEqualTo(1);
  }

  @Test
  void missingScopeIs403NamingTheScope() throws Exception {
    sim.close();
    sim = Simulator.start(Sim.data(), Sim.options().scopes("read_pipelines"));
    BuildkiteClient c = Sim.client(sim).build();
    assertThat(c.listPipelines()).hasSize(12);
    assertThatThrownBy(() -> c.listBuilds(BuildQuery.organization()))
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN))
        .hasMessageContaining("lacks the read_builds scope");
  }

  @Test
  void notFoundSaysWhetherOrganizationOrPipeline() {
    BuildkiteClient wrongOrg = BuildkiteClient.builder("acme-typo", Sim.TOKEN).baseUrl(sim.baseUrl()).log(Sim.LOG::add).build();
    assertThatThrownBy(wrongOrg::listPipelines)
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining("organization 'acme-typo' not found")
        .hasMessageContaining("No organization found");
    BuildkiteClient c = Sim.client(sim).build();
    assertThatThrownBy(() -> c.listBuilds(BuildQuery.pipeline("ghost")))
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageContaining("pipeline 'ghost' not found in organization 'acme-inc'");
  }

  // ------------------------------------------------------------------ configuration

  @Test
  void plainHttpOnlyToLoopback() {
    assertThatThrownBy(() -> BuildkiteClient.builder("o", "t").baseUrl("http://api.example.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing plain http");
    assertThatThrownBy(() -> BuildkiteClient.builder("o", "t").baseUrl("http://10.0.0.1:8080"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BuildkiteClient.builder("o", "t").baseUrl("ftp://127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BuildkiteClient.builder("o", "t").baseUrl("http://127.0.0.1:9/").build().baseUrl()).hasToString("http://127.0.0.1:9");
    assertThat(BuildkiteClient.builder("o", "t").baseUrl("http://[::1]:9").build().baseUrl().getHost()).isEqualTo("[::1]");
    assertThat(BuildkiteClient.builder("o", "t").baseUrl("http://localhost:9").build().baseUrl().getHost()).isEqualTo("localhost");
    assertThat(BuildkiteClient.builder("o", "t").baseUrl("https://bk.example.com").build().baseUrl().getHost()).isEqualTo("bk.example.com");
    assertThat(BuildkiteClient.builder("o", "t").build().baseUrl()).hasToString("https://api.buildkite.com");
    assertThatThrownBy(() -> BuildkiteClient.builder("o", " ")).isInstanceOf(IllegalArgumentException.class);
  }
}
