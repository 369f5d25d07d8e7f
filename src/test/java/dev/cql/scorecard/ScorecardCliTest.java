package dev.cql.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.cli.Cli;
import dev.cql.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cql scorecard} and {@code cql test} over the bundled demo (the only data source the CLI has so far). */
class ScorecardCliTest {

  static final String EXAMPLE = "examples/production-readiness.yaml";
  static final String NOW = "2026-11-01T12:00:00Z";

  static Cli.Run cql(String... args) {
    return Cli.run(args);
  }

  @Test
  void textReportOfTheExample() {
    Cli.Run r = cql("scorecard", EXAMPLE, "--now", NOW);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^auth-service\\s+11/11\\s+100\\.0%\\s+Gold$");
    assertThat(r.out()).containsPattern("(?m)^billing-v2\\s+5/10\\s+50\\.0%\\s+No Level$");
    assertThat(r.out()).contains("24 failed builds in 30 days (at most 10 allowed).");
    assertThat(r.out()).contains("Not in scope (the scorecard's filter): design-system");
    assertThat(r.err()).contains("warning " + EXAMPLE + ":41:34: rule \"Built successfully in the last 30 days\"");
    assertThat(r.err()).contains("rule evaluation(s) errored");
  }

  @Test
  void failUnderComparesTheAveragePercentage() {
    Cli.Run low = cql("scorecard", EXAMPLE, "--now", NOW, "--format", "json", "--fail-under", "10");
    assertThat(low.code()).as(low.err()).isZero();
    Cli.Run high = cql("scorecard", EXAMPLE, "--now", NOW, "--format", "json", "--fail-under", "99.5");
    assertThat(high.code()).isEqualTo(Main.FAILED);
    assertThat(high.err()).containsPattern("the average percentage \\d+\\.\\d% is below --fail-under 99\\.5%");
    assertThat(cql("scorecard", EXAMPLE, "--fail-under", "120").code()).isEqualTo(Main.USAGE);
  }

  @Test
  void oneEntityAsJson() throws Exception {
    Cli.Run r = cql("scorecard", EXAMPLE, "--now", NOW, "--format", "json", "--entity", "fraud-detection");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("entities")).hasSize(1);
    assertThat(j.at("/entities/0/level").asText()).isEqualTo("Bronze");
    assertThat(j.at("/entities/0/score").asInt()).isEqualTo(6);
    assertThat(cql("scorecard", EXAMPLE, "--entity", "no-such-entity").code()).isEqualTo(Main.USAGE);
  }

  @Test
  void htmlAndJunitToFiles(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("report.html");
    Cli.Run r = cql("scorecard", EXAMPLE, "--now", NOW, "--format", "html", "--out", html.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    Document d = Jsoup.parse(Files.readString(html));
    assertThat(d.select("table.matrix tbody tr")).hasSize(27);
    assertThat(d.selectFirst("tr[data-entity=payments-api] td.level").text()).isEqualTo("Bronze");
    assertThat(d.selectFirst("tr[data-entity=payments-api] td[data-rule=few-failed-builds]").attr("data-outcome"))
        .isEqualTo("fail");
    assertThat(d.selectFirst("#entity-payments-api li[data-rule=few-failed-builds] .msg").text())
        .isEqualTo("24 failed builds in 30 days (at most 10 allowed).");
    Path junit = dir.resolve("junit.xml");
    assertThat(cql("scorecard", EXAMPLE, "--now", NOW, "--format", "junit", "--out", junit.toString()).code()).isZero();
    assertThat(Files.readString(junit)).contains("classname=\"production-readiness.payments-api\"");
  }

  @Test
  void aRefusedFileExitsTwoWithTheRuleAndItsPosition(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        tag: bad
        name: Bad
        rules:
          - title: Typo
            expression: buildkite.pipelines(slgu="x").length > 0
        """);
    Cli.Run r = cql("scorecard", bad.toString());
    assertThat(r.code()).isEqualTo(Main.COMPILE_ERROR);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("error[unknown-name] " + bad + ":5:37: rule \"Typo\": ")
        .contains("refused: 1 error(s)")
        .doesNotContain("demo organization"); // refused before any data was loaded
  }

  @Test
  void theExampleRuleTestsPassThroughCqlTest() {
    Cli.Run r = cql("test", "examples/production-readiness.test.yaml");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("17 passed, 0 failed");
  }
}
