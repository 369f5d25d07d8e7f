package dev.cql.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteJson;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Faults;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syncs from the simulator over loopback HTTP into a SQLite store. */
class StoreSyncTest {

  static final String TOKEN = "bkua_store_sync_test_SECRET";
  static final Path FIXTURE = StoreContract.FIXTURE;
  static final Instant NOW = StoreContract.FIXTURE_NOW;

  @TempDir Path tmp;

  /** Where the store is: a SQLite file here, a PostgreSQL database in the *Postgres* subclass. */
  StoreLocation location() throws Exception {
    return StoreLocation.sqlite(tmp.resolve("store.db"));
  }
  Simulator sim;
  BuildStore store;

  @AfterEach
  void close() {
    if (sim != null) {
      sim.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static SimulatorOptions sim() {
    return SimulatorOptions.defaults().token(TOKEN).organization("acme-inc");
  }

  static BuildkiteClient.Builder client(Simulator sim) {
    return BuildkiteClient.builder("acme-inc", TOKEN).baseUrl(sim.baseUrl()).retryBaseDelay(Duration.ofMillis(5))
        .retryMaxDelay(Duration.ofMillis(20)).requestTimeout(Duration.ofSeconds(5)).log(l -> { });
  }

  static StoreSync.Options options() {
    return new StoreSync.Options().now(NOW);
  }

  /** Every build of the reference created in the 30 days before NOW, from the store and from the snapshot. */
  static void assertSameWindow(BuildkiteSource expected, BuildStore store) throws BuildkiteException {
    List<String> slugs = expected.pipelines().stream().map(Pipeline::slug).toList();
    BuildFilter f = BuildFilter.builder().pipelines(slugs).createdFrom(NOW.minus(Duration.ofDays(30))).createdTo(NOW).build();
    StoreSource s = new StoreSource(store);
    assertThat(s.pipelines()).isEqualTo(expected.pipelines());
    assertThat(s.builds(f)).containsExactlyElementsOf(expected.builds(f));
  }

  @Test
  void aFirstSyncFetchesTheWindowConcurrentlyAndASecondCostsThreeRequests() throws Exception {
    sim = Simulator.start(FIXTURE, sim().latency(Duration.ofMillis(5)));
    store = BuildStore.open(location());
    StoreSync.Result first = StoreSync.sync(client(sim).perPage(10).build(), store, null, null, options());
    assertThat(first.full()).isTrue();
    long buildPages = (first.builds() + 9) / 10;
    assertThat(first.pages()).isEqualTo(buildPages);
    assertThat(first.requests()).isEqualTo(sim.requestCount()).isEqualTo(2 + buildPages); // 18 pipelines: 2 pages
    assertThat(sim.requestLog()).noneMatch(l -> l.endsWith("-> 429"));
    assertSameWindow(StoreContract.reference(FIXTURE), store);
    if (store.dialect() == Dialect.SQLITE) { // the token is used, never kept
      for (String suffix : List.of("", "-wal")) {
        Path file = Path.of(store.location().file() + suffix);
        if (Files.exists(file)) {
          assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        }
      }
    }
    SyncState s1 = store.state();
    assertThat(s1.complete()).isTrue();

    sim.resetCounts();
    StoreSync.Result second = StoreSync.sync(client(sim).build(), store, null, null, options());
    assertThat(second.full()).isFalse();
    assertThat(second.requests()).isEqualTo(sim.requestCount()).isLessThanOrEqualTo(3);
    assertThat(store.state().generation()).isEqualTo(s1.generation() + 1);
    assertSameWindow(StoreContract.reference(FIXTURE), store);
  }

  @Test
  void concurrentPagesNeverTripTheRateLimit() throws Exception {
    sim = Simulator.start(FIXTURE, sim().rateLimit(6).rateLimitWindow(Duration.ofSeconds(2)).latency(Duration.ofMillis(10)));
    store = BuildStore.open(location());
    StoreSync.Result r = StoreSync.sync(client(sim).perPage(10).build(), store, null, null, options().concurrency(6));
    assertThat(sim.requestLog()).noneMatch(l -> l.endsWith("-> 429"));
    assertThat(r.requests()).isEqualTo(2 + r.pages()).isGreaterThan(6); // more than one window's worth
    assertSameWindow(StoreContract.reference(FIXTURE), store);
  }

  @Test
  void aListingTooDeepToPageIsContinuedWithANarrowerWindow() throws Exception {
    sim = Simulator.start(FIXTURE, sim().deepPaginationLimit(4));
    store = BuildStore.open(location());
    StoreSync.sync(client(sim).perPage(10).build(), store, null, null, options());
    assertThat(sim.requestLog()).anyMatch(l -> l.endsWith("-> 400"));
    assertSameWindow(StoreContract.reference(FIXTURE), store);
  }

  @Test
  void anInterruptedSyncLeavesTheLastCompleteOneAndTheNextCatchesUp() throws Exception {
    sim = Simulator.start(FIXTURE, sim());
    int port = sim.port();
    store = BuildStore.open(location());
    StoreSync.sync(client(sim).build(), store, null, null, options());
    SyncState complete = store.state();

    // the organization moves on: a new build, and an old running build finishes
    Path changed = changedFixture(tmp.resolve("changed"));
    sim.close();
    Faults faults = new Faults().failWhen(pq -> pq.contains("finished_from"), Integer.MAX_VALUE, Faults.Fault.status(503));
    sim = Simulator.start(changed, sim().port(port).faults(faults));
    assertThatThrownBy(() -> StoreSync.sync(client(sim).maxTries(2).build(), store, null, null, options()))
        .isInstanceOf(BuildkiteException.class).hasMessageContaining("503");
    SyncState after = store.state();
    assertThat(after.watermark()).isEqualTo(complete.watermark());
    assertThat(after.generation()).isEqualTo(complete.generation());
    assertThat(after.leaseOwner()).isNull();
    assertThat(after.lastError()).contains("503");
    assertThat(new StoreSource(store).pipelines()).isNotEmpty(); // readable

    faults.clear();
    StoreSync.Result r = StoreSync.sync(client(sim).build(), store, null, null, options());
    assertThat(r.full()).isFalse();
    assertSameWindow(StoreContract.reference(changed), store);
    BuildFilter recent = BuildFilter.builder().pipelines(List.of("payments-deploy")).createdFrom(Instant.now().minusSeconds(3600)).build();
    assertThat(new StoreSource(store).builds(recent)).extracting(Build::number).containsExactly(9999L);
  }

  @Test
  void whenAnotherProcessIsSyncingOneWaitsForItInsteadOfSyncingAgain() throws Exception {
    sim = Simulator.start(FIXTURE, sim());
    store = BuildStore.open(location());
    StoreSync.sync(client(sim).build(), store, null, null, options());
    assertThat(store.tryLease("other-process", Duration.ofMinutes(1), Instant.now())).isTrue();
    long before = sim.requestCount();
    java.util.concurrent.CompletableFuture<StoreSync.Result> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return StoreSync.sync(client(sim).build(), store, null, Duration.ofMinutes(5), options());
      } catch (BuildkiteException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(700);
    assertThat(waiting).isNotDone();
    SyncState s = store.state();
    store.completeSync("other-process", Instant.now(), s.coverageFrom(), 3, Instant.now());
    StoreSync.Result r = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.byAnotherProcess()).isTrue();
    assertThat(sim.requestCount()).isEqualTo(before);
  }

  /** The fixture with a build created a minute ago, and every running build finished a minute ago. */
  static Path changedFixture(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.copy(FIXTURE.resolve("pipelines.json"), dir.resolve("pipelines.json"));
    ArrayNode builds = (ArrayNode) BuildkiteJson.mapper().readTree(FIXTURE.resolve("builds.json").toFile());
    List<ObjectNode> copy = new ArrayList<>();
    builds.forEach(b -> copy.add((ObjectNode) b));
    String justNow = BuildkiteJson.format(Instant.now().minusSeconds(60));
    for (ObjectNode b : copy) {
      if (b.path("state").asText().equals("running")) {
        b.put("state", "passed");
        b.put("finished_at", justNow);
      }
    }
    ObjectNode template = null;
    for (ObjectNode b : copy) {
      if (b.path("pipeline").path("slug").asText().equals("payments-deploy")) {
        template = b;
        break;
      }
    }
    ObjectNode fresh = template.deepCopy();
    fresh.put("id", "00000000-0000-4000-8000-000000009999");
    fresh.put("number", 9999);
    fresh.put("state", "running");
    fresh.put("created_at", justNow);
    fresh.putNull("finished_at");
    builds.insert(0, fresh);
    Files.write(dir.resolve("builds.json"), BuildkiteJson.bytes(builds));
    return dir;
  }
}
