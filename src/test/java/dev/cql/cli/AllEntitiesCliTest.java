package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code cql eval} with no --entity, for an expression that reads entity-scoped names: a query over every entity. */
class AllEntitiesCliTest {

  static final String FIXTURE = DataCliTest.FIXTURE;
  static final String TOKEN = "bkua_all_entities_cli_test_token";

  @AfterEach
  void restoreEnvironment() {
    Sessions.env = System::getenv;
  }

  static Cli.Run snapshot(String... args) {
    return DataCliTest.snapshot(args);
  }

  @Test
  void aBooleanQueryPrintsATableByTagAndACount() {
    Cli.Run r = snapshot("eval", "buildkite != null");
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).matches("entity +value");
    assertThat(lines).hasSize(1 + 12 + 1);
    assertThat(lines[1]).matches("auth-service +true");
    assertThat(r.out()).containsPattern("\nmobile-app +false\n");
    assertThat(lines[13]).isEqualTo("11 of 12 entities: true");
    List<String> tags = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      tags.add(lines[i].split(" +")[0]);
    }
    assertThat(tags).isSorted();
    // a row is what --entity gives for that entity
    for (int i : new int[] {1, 7, 12}) {
      String[] cells = lines[i].split(" +", 2);
      assertThat(snapshot("eval", "--entity", cells[0], "buildkite != null").out()).isEqualTo(cells[1] + "\n");
    }
  }

  @Test
  void jsonGivesOneObjectPerEntityWithErrorsInTheirRow() throws Exception {
    Cli.Run r = snapshot("eval", "--format", "json", "buildkite.builds(states=[\"failed\"]).length");
    assertThat(r.code()).isZero();
    JsonNode all = new ObjectMapper().readTree(r.out());
    assertThat(all).hasSize(12);
    for (JsonNode row : all) {
      String tag = row.get("entity").asText();
      if (tag.equals("mobile-app")) { // nothing links to it: buildkite is null
        assertThat(row.has("value")).isFalse();
        assertThat(row.path("error").path("kind").asText()).isEqualTo("null-value");
        assertThat(row.path("error").path("message").asText()).contains("buildkite is null");
      } else if (List.of("ledger", "payments-api", "web-frontend").contains(tag)) { // as --entity gives it
        Cli.Run one = snapshot("eval", "--entity", tag, "buildkite.builds(states=[\"failed\"]).length");
        assertThat(row.get("value").asText() + "\n").as(tag).isEqualTo(one.out());
      }
    }
    assertThat(all.get(0).get("entity").asText()).isEqualTo("auth-service");
    assertThat(all.findValues("value")).hasSize(11);
  }

  @Test
  void perEntityRuleErrorsAreResultsButACompileErrorIsNot() {
    Cli.Run r = snapshot("eval", "buildkite.builds().length > 0");
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("\nmobile-app +error\\[null-value\\] 1:11: buildkite is null here")
        .endsWith(" of 12 entities: true\n1 errored (each error is shown in its entity's row)\n");
    Cli.Run bad = snapshot("eval", "buildkite.builds(colour=\"red\")");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
  }

  @Test
  void matchingTypeAndGroupNarrowTheQuery() {
    Cli.Run matching = snapshot("eval", "--matching", "buildkite != null");
    assertThat(matching.out()).doesNotContain("mobile-app").endsWith("11 of 12 entities: true\n");
    assertThat(matching.out().split("\n")).hasSize(1 + 11 + 1);

    Cli.Run jobs = snapshot("eval", "--type", "job", "entity.tag()");
    assertThat(jobs.out()).isEqualTo("entity          value\nsearch-indexer  \"search-indexer\"\n1 entity\n");

    Cli.Run group = snapshot("eval", "--format", "json", "--group", "payments", "entity.groups()");
    assertThat(group.out()).contains("payments").doesNotContain("\"search-indexer\"");
    // narrowing alone makes a query over the entities, even of an expression that reads none of them
    assertThat(snapshot("eval", "--type", "job", "1 + 2").out()).contains("search-indexer  3\n");

    assertThat(snapshot("eval", "--entity", "ledger", "--matching", "buildkite != null").code()).isEqualTo(64);
    Cli.Run none = snapshot("eval", "--type", "nope", "entity.tag()");
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEqualTo("0 entities\n");
    assertThat(none.err()).contains("no entity matches --type nope (types: job, service, system;");
  }

  @Test
  void anExpressionThatReadsNoEntityStaysOneValue() {
    assertThat(snapshot("eval", "1 + 2").out()).isEqualTo("3\n");
    assertThat(snapshot("eval", "[1, 2].map(entity => entity * 2)").out()).isEqualTo("[2, 4]\n"); // a parameter
  }

  @Test
  void warningsPrintOncePerRunAndQuietSilencesThem() {
    Cli.Run r = snapshot("eval", "buildkite.builds(states[\"failed\"]).length");
    assertThat(r.err().split("payments-canary", -1)).hasSize(2);
    assertThat(r.err()).contains("warning: entity payments-api lists pipeline slug 'payments-canary'")
        .contains("is a legacy shorthand");
    Cli.Run quiet = snapshot("eval", "--quiet", "buildkite.builds(states[\"failed\"]).length");
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).isEqualTo(r.out());
    Cli.Run demo = Cli.run("eval", "-q", "1 + 1");
    assertThat(demo.err()).isEmpty();
    assertThat(Cli.run("parse", "1 = 1").err()).contains("legacy spelling");
    assertThat(Cli.run("parse", "--quiet", "1 = 1").err()).isEmpty();
    Cli.Run card = Cli.run("scorecard", "examples/production-readiness.yaml", "--quiet", "--data", FIXTURE, "--now", DataCliTest.NOW);
    assertThat(card.err()).doesNotContain("warning");
    // a scorecard evaluates several rules for every entity: each warning still prints once
    String cardErr = Cli.run("scorecard", "examples/production-readiness.yaml", "--data", FIXTURE, "--now", DataCliTest.NOW).err();
    List<String> warnings = cardErr.lines().filter(l -> l.contains("warning")).toList();
    assertThat(warnings).isNotEmpty().doesNotHaveDuplicates();
    assertThat(cardErr.split("is a legacy shorthand", -1)).hasSize(2);
  }

  @Test
  void aCatalogWithoutEntitiesIsAUsageError() throws Exception {
    try (Simulator sim = Simulator.start(Path.of(FIXTURE), SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"))) {
      Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN)::get;
      Cli.Run r = Cli.run("eval", "--org", "acme-inc", "--api-url", sim.baseUrl(), "buildkite != null");
      assertThat(r.code()).isEqualTo(64);
      assertThat(r.err()).contains("the catalog has no entities", "--entities DIR");
    }
  }

  static long requests(String... args) throws Exception {
    try (Simulator sim = Simulator.start(Path.of(FIXTURE), SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"))) {
      Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN)::get;
      List<String> all = new ArrayList<>(List.of("eval", "--org", "acme-inc", "--api-url", sim.baseUrl(), "--entities",
          FIXTURE + "/entities", "--now", DataCliTest.NOW));
      all.addAll(List.of(args));
      Cli.Run r = Cli.run(all.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      return sim.requestCount();
    }
  }

  @Test
  void overTheSimulatorEveryEntityCostsTheRequestsOfOne() throws Exception {
    assertThat(requests("buildkite != null")).isEqualTo(requests("--entity", "payments-api", "buildkite != null"))
        .isEqualTo(2); // through the build store: one sync, the pipeline list and the 30-day window, one page each
  }

  @Test
  void aDataSourceFailureExitsOne() throws Exception {
    try (Simulator sim = Simulator.start(Path.of(FIXTURE), SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"))) {
      Sessions.env = Map.of("BUILDKITE_API_TOKEN", "bkua_a_wrong_token_for_this_test")::get;
      Cli.Run r = Cli.run("eval", "--org", "acme-inc", "--api-url", sim.baseUrl(), "--entities", FIXTURE + "/entities",
          "--format", "json", "buildkite != null");
      assertThat(r.code()).isEqualTo(1);
      JsonNode rows = new ObjectMapper().readTree(r.out());
      assertThat(rows).hasSize(12);
      rows.forEach(row -> assertThat(row.path("error").path("kind").asText()).isEqualTo("data"));
      assertThat(r.err()).contains("cql: the data source failed for 12 of 12 entities: Buildkite data could not be read: "
          + "Buildkite rejected the API token");
      assertThat(sim.requestCount()).isEqualTo(1); // asked once, not once per entity
    }
  }
}
