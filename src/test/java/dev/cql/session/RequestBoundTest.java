package dev.cql.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.api.CqlExpression;
import dev.cql.api.error.CqlException;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import dev.cql.entity.Entity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The number of requests for evaluating rules over entities is bounded by the pages of data needed, not
 * by rules × entities: measured by the simulator, over real loopback HTTP, through the whole engine.
 */
class RequestBoundTest {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final String TOKEN = "bkua_request_bound_test_token";
  static final int PER_PAGE = 10;

  static final List<String> RULES = List.of(
      "buildkite != null",
      "buildkite.builds(states=[\"passed\"]).length >= 1",
      "buildkite.pipelines().any((pipeline) => pipeline.git_repository = {\"acme-inc/payments-api\"})",
      "buildkite.builds(branch=\"main\", state=\"failed\").length == 0",
      "buildkite.builds(lookback=duration(\"P7D\")).length > 0",
      "buildkite.builds(state=\"finished\").all(b => b.duration != null)",
      "buildkite.pipelines(tags=[\"nightly\"]).isEmpty()",
      "buildkite.builds(created_from=datetime(\"2026-10-15T00:00:00Z\")).map(b => b.branch).distinct().length < 5",
      "entity.type() == \"service\" AND buildkite.builds().length < 100",
      "buildkite.builds(pipeline_tags=\"deploy\").none(b => b.state == \"failed\")");

  record Run(long requests, List<String> results) {}

  Run run(List<String> rules, int threads) throws Exception {
    try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(TOKEN).rateLimit(0))) {
      BuildkiteClient client = BuildkiteClient.builder(sim.organization(), TOKEN).baseUrl(sim.baseUrl())
          .perPage(PER_PAGE).log(l -> { }).build();
      DataSession session = DataSession.api(new CachedBuildkiteSource(client), FIXTURE.resolve("entities"), c -> { });
      List<CqlExpression> compiled = rules.stream().map(r -> session.engine().compile(r)).toList();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<String>> futures = new ArrayList<>();
        for (Entity e : session.catalog().all()) {
          for (CqlExpression rule : compiled) {
            futures.add(pool.submit(() -> {
              try {
                return e.tag() + " " + rule.evaluate(session.context(e, NOW));
              } catch (CqlException ex) {
                return e.tag() + " error[" + ex.kind().id() + "]";
              }
            }));
          }
        }
        List<String> results = new ArrayList<>();
        for (Future<String> f : futures) {
          results.add(f.get());
        }
        return new Run(sim.requestCount(), results);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Pages of builds created since the start of the day 30 days before now (the cache's window key). */
  static long windowPages() throws Exception {
    JsonNode builds = new ObjectMapper().readTree(FIXTURE.resolve("builds.json").toFile());
    Instant from = NOW.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);
    long n = 0;
    for (JsonNode b : builds) {
      if (!Instant.parse(b.get("created_at").asText()).isBefore(from)) {
        n++;
      }
    }
    return (n + PER_PAGE - 1) / PER_PAGE;
  }

  @Test
  void requestsAreBoundedByPagesNotByRulesTimesEntities() throws Exception {
    Run run = run(RULES, 8);
    long pipelinePages = (18 + PER_PAGE - 1) / PER_PAGE; // 18 pipelines in the fixture
    // The cache fetches up to three pipelines one by one before switching to one organization-wide window.
    long perPipelineAllowance = 3 * 2;
    long bound = pipelinePages + windowPages() + perPipelineAllowance;
    assertThat(run.results()).hasSize(RULES.size() * 12); // 12 entities
    assertThat(run.requests()).isLessThanOrEqualTo(bound);
    assertThat(run.requests()).isLessThan((long) RULES.size() * 12); // fewer than rules × entities
  }

  /** Runs a scorecard of the given rules over every entity (concurrently, as `cql scorecard` does). */
  static long scorecardRequests(List<String> rules) throws Exception {
    StringBuilder yaml = new StringBuilder("tag: t\nname: T\nrules:\n");
    for (int i = 0; i < rules.size(); i++) {
      yaml.append("  - title: rule ").append(i).append("\n    expression: '").append(rules.get(i).replace("'", "''"))
          .append("'\n");
    }
    try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(TOKEN).rateLimit(0))) {
      BuildkiteClient client = BuildkiteClient.builder(sim.organization(), TOKEN).baseUrl(sim.baseUrl())
          .perPage(PER_PAGE).log(l -> { }).build();
      DataSession session = DataSession.api(new CachedBuildkiteSource(client), FIXTURE.resolve("entities"), c -> { });
      dev.cql.scorecard.Scorecard card = dev.cql.scorecard.Scorecard.parse(yaml.toString(), "t.yaml", session.engine());
      var result = card.evaluate(session, session.catalog().all(), NOW, 1, null);
      assertThat(result.entities()).hasSize(session.catalog().size());
      return sim.requestCount();
    }
  }

  @Test
  void aTenRuleScorecardCostsTheSameRequestsAsAOneRuleScorecard() throws Exception {
    assertThat(scorecardRequests(RULES)).isEqualTo(scorecardRequests(RULES.subList(1, 2)));
  }

  @Test
  void tenRulesCostTheSameRequestsAsOne() throws Exception {
    Run one = run(RULES.subList(1, 2), 1);
    Run ten = run(RULES, 1);
    assertThat(ten.requests()).isEqualTo(one.requests());
    assertThat(ten.results()).contains("payments-api true", "mobile-app false");
  }

  // ---- a query over every entity (cql eval without --entity, the REPL with no :entity)

  /**
   * Requests made by evaluating {@code expr} through a fresh client and cache: for every entity of the catalog
   * (a {@link CatalogQuery} on {@code threads} threads) when {@code entity} is null, else for that entity alone.
   */
  static long requests(String expr, String entity, int threads, CachedBuildkiteSource.Options options) throws Exception {
    try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(TOKEN).rateLimit(0))) {
      BuildkiteClient client = BuildkiteClient.builder(sim.organization(), TOKEN).baseUrl(sim.baseUrl())
          .perPage(PER_PAGE).log(l -> { }).build();
      DataSession session = DataSession.api(new CachedBuildkiteSource(client, options), FIXTURE.resolve("entities"), c -> { });
      CqlExpression compiled = session.engine().compile(expr);
      if (entity != null) {
        try {
          compiled.evaluate(session.context(session.entity(entity), NOW));
        } catch (CqlException e) {
          // an error is a result too; the requests it took count
        }
      } else {
        CatalogQuery.Result r = CatalogQuery.over(session, session.catalog().all()).evaluate(compiled, NOW, java.util.Map.of(), threads, null);
        assertThat(r.rows()).hasSize(12);
        assertThat(r.dataFailures()).isEmpty();
      }
      return sim.requestCount();
    }
  }

  @Test
  void aQueryOverEveryEntityCostsWhatOneEntityCosts() throws Exception {
    CachedBuildkiteSource.Options defaults = CachedBuildkiteSource.Options.defaults();
    long pipelinePages = (18 + PER_PAGE - 1) / PER_PAGE;
    // reading the linkage only: the pipeline list, for one entity as for all twelve
    for (String expr : List.of("buildkite != null", "buildkite.pipelines().length")) {
      assertThat(requests(expr, null, 8, defaults)).as(expr).isEqualTo(requests(expr, "payments-api", 1, defaults))
          .isEqualTo(pipelinePages);
    }
    // reading builds: the pipeline list and one organization-wide window of builds, which is what one entity
    // costs when its builds come from that window; no pipeline is fetched one by one, however the twelve
    // concurrent evaluations interleave (without the shared plan the first ones fetched per pipeline: 13 requests)
    String builds = "buildkite.builds(states=[\"failed\"]).length";
    long all = requests(builds, null, 8, defaults);
    assertThat(all).isEqualTo(pipelinePages + windowPages())
        .isEqualTo(requests(builds, null, 1, defaults))
        .isEqualTo(requests(builds, "payments-api", 1, CachedBuildkiteSource.Options.defaults().perPipelineThreshold(0)));
    // (one entity with at most three pipelines may cost less: it fetches just those pipelines' builds)
    assertThat(requests(builds, "payments-api", 1, defaults)).isLessThanOrEqualTo(all);
  }
}
