package dev.cql.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.SnapshotSource;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store engine must do: answer {@code builds(filter)} exactly as the in-memory default does on
 * the same snapshot (same builds, same order), for every criterion, and take the same data twice without
 * change. Subclasses give the engine.
 */
abstract class StoreContract {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant FIXTURE_NOW = Instant.parse("2026-11-01T12:00:00Z");

  BuildStore store;

  abstract StoreLocation location() throws Exception;

  static Path simData() {
    try {
      return Path.of(StoreContract.class.getResource("/buildkite/sim/pipelines.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void open() throws Exception {
    store = BuildStore.open(location());
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  /** The in-memory path: the interface's default builds(filter) over a snapshot. */
  static BuildkiteSource reference(Path dir) {
    SnapshotSource snap = new SnapshotSource(dir);
    return new BuildkiteSource() {
      @Override
      public List<Pipeline> pipelines() throws dev.cql.buildkite.BuildkiteException {
        return snap.pipelines();
      }

      @Override
      public List<Build> builds(java.util.Collection<String> slugs, Instant from, Instant to) throws dev.cql.buildkite.BuildkiteException {
        return snap.builds(slugs, from, to);
      }

      @Override
      public String describe() {
        return "reference";
      }
    };
  }

  @Test
  void answersEveryCriterionExactlyAsTheInMemoryPath() throws Exception {
    for (Path dir : List.of(FIXTURE, simData())) {
      try (BuildStore s = BuildStore.open(location())) {
        StoreSync.importSnapshot(dir, s, "acme-inc", "https://api.buildkite.com");
        StoreSource store = new StoreSource(s);
        BuildkiteSource ref = reference(dir);
        assertThat(store.pipelines()).isEqualTo(ref.pipelines());
        List<Build> all = ref.builds(ref.pipelines().stream().map(Pipeline::slug).toList(), Instant.EPOCH, null);
        Random rnd = new Random(dir.hashCode());
        int compared = 0;
        for (int i = 0; i < 300; i++) {
          BuildFilter f = randomFilter(rnd, ref.pipelines(), all);
          List<Build> expected = ref.builds(f);
          assertThat(store.builds(f)).as("%s", f).containsExactlyElementsOf(expected);
          compared += expected.size();
        }
        assertThat(compared).as("the filters selected something").isGreaterThan(500);
      }
    }
  }

  private static BuildFilter randomFilter(Random rnd, List<Pipeline> pipelines, List<Build> all) {
    List<String> slugs = new ArrayList<>();
    for (Pipeline p : pipelines) {
      if (rnd.nextInt(3) > 0) {
        slugs.add(p.slug());
      }
    }
    if (rnd.nextInt(10) == 0) {
      slugs.add("no-such-pipeline");
    }
    java.util.Collections.shuffle(slugs, rnd);
    Build sample = all.get(rnd.nextInt(all.size()));
    Instant anchor = sample.createdAt();
    BuildFilter.Builder b = BuildFilter.builder().pipelines(slugs);
    switch (rnd.nextInt(4)) {
      case 0 -> b.createdFrom(anchor.minus(Duration.ofDays(30))).createdTo(anchor.plusMillis(rnd.nextInt(3)));
      case 1 -> b.createdFrom(anchor).createdTo(anchor.plus(Duration.ofDays(2)));
      case 2 -> b.createdFrom(anchor.minus(Duration.ofDays(7)).plusNanos(500)).createdTo(anchor.plusNanos(1));
      default -> b.createdFrom(Instant.EPOCH);
    }
    int criteria = rnd.nextInt(4);
    for (int c = 0; c < criteria; c++) {
      switch (rnd.nextInt(7)) {
        case 0 -> b.states(pick(rnd, List.of("passed", "failed", "blocked", "finished", "running", "PASSED", "canceled", "not_run", "nope")));
        case 1 -> b.branches(pick(rnd, List.of(sample.branch(), "main", "feature/*", "*dev*", "*", "ma?n", "[x]", "release/*", "*login*", "%", "_ain")));
        case 2 -> {
          String commit = sample.commit().toLowerCase(java.util.Locale.ROOT);
          b.commits(pick(rnd, List.of(commit.substring(0, 7), commit, commit.substring(0, 9).toUpperCase(java.util.Locale.ROOT), "0000000", "fffffff")));
        }
        case 3 -> b.ids(pick(rnd, List.of(sample.id(), all.get(rnd.nextInt(all.size())).id(), "not-an-id")));
        case 4 -> b.messages(pick(rnd, List.of("Fix", "fix", "deps", sample.message() == null ? "x" : sample.message(), "%", "")));
        case 5 -> b.numbers(pick(rnd, List.of(sample.number(), all.get(rnd.nextInt(all.size())).number(), 999_999L)));
        default -> b.states(List.of("blocked"));
      }
    }
    return b.build();
  }

  private static <T> List<T> pick(Random rnd, List<T> from) {
    List<T> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) {
      out.add(from.get(rnd.nextInt(from.size())));
    }
    return out;
  }

  @Test
  void longListsOfPipelinesAndNumbersAreBoundAsOneParameter() throws Exception {
    StoreSync.importSnapshot(simData(), store, "acme-inc", "https://api.buildkite.com");
    BuildkiteSource ref = reference(simData());
    List<String> slugs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      slugs.add("missing-" + i);
    }
    slugs.addAll(ref.pipelines().stream().map(Pipeline::slug).toList());
    List<Long> numbers = new ArrayList<>();
    for (long n = 0; n < 1000; n++) {
      numbers.add(n);
    }
    BuildFilter f = BuildFilter.builder().pipelines(slugs).createdFrom(Instant.EPOCH).numbers(numbers).build();
    List<Build> expected = ref.builds(f);
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(new StoreSource(store).builds(f)).containsExactlyElementsOf(expected);
  }

  @Test
  void importingTheSameDataTwiceChangesNothing() throws Exception {
    StoreSync.importSnapshot(FIXTURE, store, null, "https://api.buildkite.com");
    long builds = store.countBuilds();
    List<Pipeline> pipelines = store.pipelines();
    StoreSync.Imported again = StoreSync.importSnapshot(FIXTURE, store, null, "https://api.buildkite.com");
    assertThat(again.organization()).isEqualTo("acme-inc");
    assertThat(store.countBuilds()).isEqualTo(builds).isEqualTo(118);
    assertThat(store.pipelines()).isEqualTo(pipelines);
    assertThat(store.state().generation()).isEqualTo(2);
  }

  @Test
  void aStoreHoldsOneOrganization() throws Exception {
    store.bind("acme-inc", "https://api.buildkite.com", 30);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.bind("other", "https://api.buildkite.com", 30))
        .isInstanceOf(StoreException.class).hasMessageContaining("holds organization 'acme-inc'");
  }

  @Test
  void theSyncLeaseIsExclusiveUntilReleasedOrExpired() throws Exception {
    store.bind("acme-inc", "https://api.buildkite.com", 30);
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    assertThat(store.tryLease("a", Duration.ofMinutes(1), t)).isTrue();
    assertThat(store.tryLease("b", Duration.ofMinutes(1), t.plusSeconds(30))).isFalse();
    assertThat(store.tryLease("b", Duration.ofMinutes(1), t.plusSeconds(61))).isTrue(); // a's lease expired
    store.releaseLease("b", "boom");
    assertThat(store.state().lastError()).isEqualTo("boom");
    assertThat(store.tryLease("c", Duration.ofMinutes(1), t.plusSeconds(62))).isTrue();
  }
}
