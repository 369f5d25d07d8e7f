package dev.cql.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.buildkite.Faults.Fault;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import dev.cql.scorecard.EntityResult;
import dev.cql.scorecard.Outcome;
import dev.cql.scorecard.RuleResult;
import dev.cql.scorecard.Scorecard;
import dev.cql.scorecard.ScorecardResult;
import dev.cql.session.DataSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Through the simulator's fault injection, over real loopback HTTP and the whole engine: when Buildkite
 * fails mid-listing, no data rule passes or fails on partial data. The data rules are errored with kind
 * {@code data} and a message naming the cause, the other rules still evaluate, and a later run recovers.
 */
class PartialDataTest {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final String TOKEN = "bkua_partial_data_test_token";

  static final String CARD = """
      tag: partial
      name: Partial data
      rules:
        - title: has builds
          identifier: builds
          expression: 'buildkite.builds().length >= 0'
          weight: 1
        - title: type is set
          identifier: type
          expression: 'entity.type() != null'
          weight: 1
      """;

  ScorecardResult run(Simulator sim, Consumer<Simulator> faults) throws Exception {
    faults.accept(sim);
    BuildkiteClient client = BuildkiteClient.builder(sim.organization(), TOKEN).baseUrl(sim.baseUrl()).perPage(10)
        .retryBaseDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(20)).requestTimeout(Duration.ofMillis(1500))
        .log(l -> { }).build();
    DataSession session = DataSession.api(new CachedBuildkiteSource(client), FIXTURE.resolve("entities"), c -> { });
    Scorecard card = Scorecard.parse(CARD, "partial.yaml", session.engine());
    return card.evaluate(session, session.catalog().all(), NOW);
  }

  @Test
  void faultsErrorTheDataRulesOnlyAndALaterRunRecovers() throws Exception {
    // each fault, and what the errored rule's message must name: the page, or the fault's own cause
    Map<Fault, String> faults = new LinkedHashMap<>();
    faults.put(Fault.status(500), "page 2");
    faults.put(Fault.malformed(), "page 2");
    faults.put(Fault.drop(), "page 2");
    faults.put(Fault.slow(Duration.ofSeconds(4)), "page 2");
    faults.put(Fault.status(401), "page 2");
    faults.put(Fault.rateLimited(Duration.ofHours(1)), "3600");
    faults.put(Fault.redirect("http://127.0.0.2:9/v2/elsewhere"), "redirect");
    faults.put(Fault.linkLoop(), "loop");
    faults.put(Fault.wrongTypes(), "'number' is \"seven\"");
    for (Map.Entry<Fault, String> fault : faults.entrySet()) {
      Fault f = fault.getKey();
      try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(TOKEN).rateLimit(0))) {
        // every request for a second page of builds fails: the first page alone would be partial data
        ScorecardResult broken = run(sim, s -> s.faults().failWhen(pq -> pq.contains("builds") && pq.contains("page=2"),
            Integer.MAX_VALUE, f));
        sim.faults().clear();
        ScorecardResult healed = run(sim, s -> { });
        int errored = 0;
        for (EntityResult e : broken.entities()) {
          RuleResult data = e.rule("builds");
          RuleResult truth = healed.entity(e.tag()).rule("builds");
          if ("data".equals(data.errorKind())) {
            errored++;
            assertThat(data.outcome()).isEqualTo(Outcome.ERRORED);
            assertThat(data.message()).as(f + " on " + e.tag()).contains(fault.getValue()).doesNotContain(TOKEN);
            assertThat(truth.errorKind()).as(f + ": the later run recovers: " + truth.message()).isNotEqualTo("data");
          } else {
            // not touched by the fault (its builds fit one page, or it has no pipeline): the true answer
            assertThat(data.outcome()).as(f + " on " + e.tag()).isEqualTo(truth.outcome());
            assertThat(data.errorKind()).isEqualTo(truth.errorKind());
          }
          assertThat(e.rule("type").outcome()).as("a rule without data still evaluates").isEqualTo(Outcome.PASSED);
        }
        assertThat(errored).as(f + " errored some data rules").isPositive();
      }
    }
  }
}
