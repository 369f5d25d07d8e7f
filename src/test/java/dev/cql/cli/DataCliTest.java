package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The data commands over the conformance fixture: as a snapshot, and through the simulator over loopback. */
class DataCliTest {

  static final String FIXTURE = "grammar-docs/conformance/fixtures/acme";
  static final String NOW = "2026-11-01T12:00:00Z";
  static final String TOKEN = "bkua_cli_test_secret_token";

  @AfterEach
  void restoreEnvironment() {
    Sessions.env = System::getenv;
  }

  static Cli.Run snapshot(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", FIXTURE, "--now", NOW));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void seedExpressionsOnTheSnapshot() {
    assertThat(snapshot("eval", "--entity", "payments-api", "buildkite.builds(states=[\"passed\"]).length >= 1").out())
        .isEqualTo("true\n");
    assertThat(snapshot("eval", "--entity", "mobile-app", "buildkite != null").out()).isEqualTo("false\n");
    Cli.Run any = snapshot("eval", "--entity", "web-frontend",
        "buildkite.pipelines().any((pipeline) => pipeline.git_repository = {\"acme-inc/frontend/web-frontend\"})");
    assertThat(any.out()).isEqualTo("true\n");
    assertThat(any.err()).contains("warning 1:65: '=' is a legacy spelling of '=='");
  }

  @Test
  void unknownCriterionExitsTwoListingTheValidOnes() {
    Cli.Run r = snapshot("eval", "--entity", "payments-api", "buildkite.builds(colour=\"red\")");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error[unknown-name] 1:18: buildkite.builds() has no criterion 'colour'")
        .contains("valid criteria: branch, commit, created_from, created_to, git_repository, id, lookback, message,");
  }

  @Test
  void aMisspeltStateOrFieldIsACompileErrorExitingTwo() {
    Cli.Run state = snapshot("eval", "--entity", "payments-api", "buildkite.builds(state=\"passd\").length");
    assertThat(state.code()).isEqualTo(2);
    assertThat(state.err()).startsWith("error[unknown-name] 1:18: Buildkite builds have no state 'passd'; did you mean 'passed'?")
        .contains("(states: creating, scheduled, running, passed, failing, failed, blocked, canceling, canceled, skipped, not_run, finished)");
    Cli.Run field = snapshot("eval", "--entity", "payments-api", "buildkite.builds().filter(b => b.brnch == \"main\")");
    assertThat(field.code()).isEqualTo(2);
    assertThat(field.err()).startsWith("error[unknown-name] 1:34: a build has no field 'brnch'; did you mean 'branch'?");
    // with no entity chosen (every entity), the same compile error, once, and no table
    Cli.Run all = snapshot("eval", "buildkite.builds(state=\"passd\").length");
    assertThat(all.code()).isEqualTo(2);
    assertThat(all.err().split("no state 'passd'", -1)).hasSize(2);
    assertThat(all.out()).isEmpty();
  }

  @Test
  void unknownEntityAndBadDataAreUsageErrors() {
    assertThat(snapshot("eval", "--entity", "paymnets-api", "1").err()).contains("did you mean 'payments-api'");
    assertThat(snapshot("eval", "--entity", "paymnets-api", "1").code()).isEqualTo(64);
    assertThat(Cli.run("eval", "--data", "src", "1").code()).isEqualTo(64);
  }

  @Test
  void entityPageAsTextAndJson() throws Exception {
    Cli.Run text = snapshot("entity", "web-frontend", "--limit", "2");
    assertThat(text.code()).isZero();
    assertThat(text.out()).startsWith("Web Frontend (web-frontend, service)\n")
        .contains("web-e2e (tag web-frontend)")
        .contains("  #  ACTION           TIMESTAMP (UTC)   BRANCH  STATE\n  7  triggered build  2026-10-31 13:00  main    failed\n")
        .doesNotContain("\u001b[");
    Cli.Run json = snapshot("entity", "payments-api", "--format", "json", "--limit", "3");
    JsonNode page = new ObjectMapper().readTree(json.out());
    assertThat(page.path("pipelines")).hasSize(3);
    assertThat(page.path("warnings").get(0).asText()).contains("payments-canary");
    JsonNode runs = page.path("pipelines").get(0).path("runs");
    assertThat(runs).hasSize(2 + 1);
    assertThat(runs.get(0).path("action").asText()).isEqualTo("manual build");
    assertThat(runs.get(0).path("state").asText()).isEqualTo("canceling");
    Cli.Run none = snapshot("entity", "mobile-app");
    assertThat(none.out()).contains("No Buildkite pipelines");
    // one casing for JSON keys, as Buildkite's API: the entity page, and eval's value and error objects
    assertThat(keys(page)).isNotEmpty().allMatch(k -> k.matches("[a-z][a-z0-9_]*"), "snake_case");
    JsonNode value = new ObjectMapper().readTree(snapshot("eval", "--entity", "payments-api", "--format", "json",
        "buildkite.builds().first()").out());
    JsonNode error = new ObjectMapper().readTree(snapshot("eval", "--format", "json", "buildkite.builds().first().number").out());
    assertThat(keys(value)).contains("created_at", "web_url").allMatch(k -> k.matches("[a-z][a-z0-9_]*"), "snake_case");
    assertThat(keys(error)).contains("entity", "error", "kind").allMatch(k -> k.matches("[a-z][a-z0-9_]*"), "snake_case");
  }

  /** Every object key in a JSON document, at any depth. */
  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        out.add(e.getKey());
        out.addAll(keys(e.getValue()));
      });
    } else if (n.isArray()) {
      n.forEach(c -> out.addAll(keys(c)));
    }
    return out;
  }

  @Test
  void theSameAnswersThroughTheSimulator() throws Exception {
    try (Simulator sim = Simulator.start(java.nio.file.Path.of(FIXTURE),
        SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"))) {
      // --org reads through a store: keep it in a temporary cache directory, not the user's
      String cache = java.nio.file.Files.createTempDirectory("cql-cache").toString();
      Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN, "XDG_CACHE_HOME", cache)::get;
      String[] common = {"--org", "acme-inc", "--api-url", sim.baseUrl(), "--entities", FIXTURE + "/entities", "--now", NOW};
      for (String[] c : new String[][] {
          {"payments-api", "buildkite.builds(states=[\"passed\"]).length", "12"},
          {"web-frontend", "buildkite.builds(states[\"passed\"]).length >=1", "true"},
          {"mobile-app", "buildkite != null", "false"}}) {
        List<String> args = new ArrayList<>(List.of("eval", "--entity", c[0], c[1]));
        args.addAll(List.of(common));
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertThat(r.out()).as(c[1]).isEqualTo(c[2] + "\n");
        assertThat(r.err()).doesNotContain(TOKEN);
      }
      assertThat(sim.requestCount()).isPositive();

      Sessions.env = Map.of("BUILDKITE_API_TOKEN", "wrong", "XDG_CACHE_HOME", cache)::get;
      // the store is fresh, so only a sync uses the token: force one; a rejected token is an error, never old data
      List<String> args = new ArrayList<>(List.of("eval", "--entity", "payments-api", "buildkite != null", "--max-staleness", "0s"));
      args.addAll(List.of(common));
      Cli.Run denied = Cli.run(args.toArray(String[]::new));
      assertThat(denied.code()).isEqualTo(1);
      assertThat(denied.err()).startsWith("error[data] 1:1: Buildkite data could not be read: Buildkite rejected the API token");
    }
  }

  @Test
  void orWithoutATokenIsAUsageError() {
    Sessions.env = Map.<String, String>of()::get;
    Cli.Run r = Cli.run("eval", "--org", "acme-inc", "1");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).contains("BUILDKITE_API_TOKEN");
  }
}
