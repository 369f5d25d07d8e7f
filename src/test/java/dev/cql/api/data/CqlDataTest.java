package dev.cql.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.CqlExpression;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import dev.cql.store.BuildStore;
import dev.cql.store.StoreLocation;
import dev.cql.store.StoreSync;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CqlDataTest {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  @Test
  void oneEntityAndEveryEntityThroughThePublicApi() throws Exception {
    try (CqlData data = CqlData.snapshot(FIXTURE)) {
      assertThat(data.entities()).hasSize(12).contains("payments-api", "mobile-app");
      CqlExpression rule = data.engine().compile("buildkite.builds(states=[\"passed\"]).length");
      assertThat(rule.evaluate(data.context("payments-api", NOW)).asLong()).isEqualTo(12);

      List<CqlData.EntityResult> all = data.evaluateAll(rule, NOW);
      assertThat(all).extracting(CqlData.EntityResult::entity).isSorted().hasSize(12);
      CqlData.EntityResult payments = all.stream().filter(r -> r.entity().equals("payments-api")).findFirst().orElseThrow();
      assertThat(payments.ok()).isTrue();
      assertThat(payments.value().asLong()).isEqualTo(12);
      // an entity nothing links to has buildkite == null: its row holds the null-value error
      CqlData.EntityResult mobile = all.stream().filter(r -> r.entity().equals("mobile-app")).findFirst().orElseThrow();
      assertThat(mobile.ok()).isFalse();
      assertThat(mobile.error().kind()).isEqualTo(ErrorKind.NULL_VALUE);
    }
  }

  @Test
  void aBuildStoreAnswersEveryEntityAsTheSnapshotItWasImportedFromDoes(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("acme.db");
    try (BuildStore store = BuildStore.open(StoreLocation.sqlite(file))) {
      StoreSync.importSnapshot(FIXTURE, store, "acme-inc", "https://api.buildkite.com/v2");
    }
    CqlExpression rule = CqlData.demo().engine().compile(
        "buildkite.builds(states=[\"passed\", \"failed\"], branch=\"main\", lookback=duration(\"P7D\")).length");
    List<CqlData.EntityResult> expected;
    try (CqlData snapshot = CqlData.snapshot(FIXTURE)) {
      expected = snapshot.evaluateAll(rule, NOW);
    }
    // the fixture's newest build is weeks old: a store that old is still read (with a logged warning)
    try (CqlData fromStore = CqlData.store(file.toString(), FIXTURE.resolve("entities"), Duration.ofMinutes(5))) {
      List<CqlData.EntityResult> actual = fromStore.evaluateAll(rule, NOW);
      assertThat(actual).extracting(CqlData.EntityResult::entity).isEqualTo(expected.stream().map(CqlData.EntityResult::entity).toList());
      assertThat(actual).extracting(r -> r.ok() ? r.value().raw() : r.error().kind())
          .isEqualTo(expected.stream().map(r -> r.ok() ? r.value().raw() : r.error().kind()).toList());
      assertThat(actual).anySatisfy(r -> assertThat(r.ok() && r.value().asLong() > 0).isTrue());
    }
  }

  @Test
  void theLiveApiThroughAStoreSyncsOnceAndThenAnswersFromIt(@TempDir Path tmp) throws Exception {
    String token = "bkua_cqldata_live_test";
    String store = tmp.resolve("live.db").toString();
    CqlExpression rule = CqlData.demo().engine().compile("buildkite.builds().length");
    List<CqlData.EntityResult> expected;
    try (CqlData snapshot = CqlData.snapshot(FIXTURE)) {
      expected = snapshot.evaluateAll(rule, NOW);
    }
    try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(token).rateLimit(0))) {
      CqlData.Live live = CqlData.live(sim.organization(), token).apiUrl(sim.baseUrl()).entities(FIXTURE.resolve("entities"))
          .store(store, Duration.ofHours(1)).now(NOW);
      try (CqlData first = live.open()) {
        assertThat(sim.requestCount()).as("open() contacts nothing").isZero();
        List<CqlData.EntityResult> all = first.evaluateAll(rule, NOW);
        assertThat(all).extracting(r -> r.ok() ? r.value().raw() : r.error().kind())
            .isEqualTo(expected.stream().map(r -> r.ok() ? r.value().raw() : r.error().kind()).toList());
      }
      long afterSync = sim.requestCount();
      assertThat(afterSync).as("the first read synced the store").isPositive();
      try (CqlData second = live.open()) {
        assertThat(second.evaluateAll(rule, NOW)).hasSameSizeAs(expected);
      }
      assertThat(sim.requestCount()).as("a fresh store answers without the API").isEqualTo(afterSync);
      assertThat(java.nio.file.Files.readAllBytes(Path.of(store))).asString(java.nio.charset.StandardCharsets.ISO_8859_1)
          .doesNotContain(token);
    }
  }

  @Test
  void aStoreThatNeverSyncedIsADataErrorAtTheFirstRead(@TempDir Path tmp) throws Exception {
    try (CqlData empty = CqlData.store(tmp.resolve("none.db").toString(), FIXTURE.resolve("entities"), Duration.ofMinutes(5))) {
      CqlExpression constant = empty.engine().compile("1 + 1");
      assertThat(constant.evaluate(empty.context("payments-api", NOW)).asLong()).isEqualTo(2); // no data read, no store needed
      CqlExpression rule = empty.engine().compile("buildkite.builds().length");
      assertThatThrownBy(() -> rule.evaluate(empty.context("payments-api", NOW)))
          .isInstanceOf(CqlException.class).hasMessageContaining("no complete sync")
          .extracting(e -> ((CqlException) e).kind()).isEqualTo(ErrorKind.DATA);
    }
    assertThatThrownBy(() -> CqlData.store("jdbc:mysql://x/y", FIXTURE, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownEntitySuggestsTheClosestTag() {
    CqlData data = CqlData.snapshot(FIXTURE);
    assertThatThrownBy(() -> data.context("payment-api"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did you mean 'payments-api'");
  }
}
