package dev.cql.entity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.SnapshotSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance fixture grammar-docs/conformance/fixtures/acme: its entities load cleanly, and the Java linker and
 * window counts agree with what generate.py wrote into expected.json (and FIXTURE.md).
 */
class AcmeFixtureTest {

  static final Path DIR = Path.of("grammar-docs/conformance/fixtures/acme");
  static final ObjectMapper JSON = new ObjectMapper();
  static JsonNode expected;
  static List<Pipeline> pipelines;
  static JsonNode builds;
  static EntityCatalog catalog;

  @BeforeAll
  static void load() throws Exception {
    expected = JSON.readTree(DIR.resolve("expected.json").toFile());
    pipelines = new SnapshotSource(DIR).pipelines();
    builds = JSON.readTree(DIR.resolve("builds.json").toFile());
    catalog = EntityCatalog.load(DIR.resolve("entities"));
  }

  @Test
  void entitiesLoadWithoutProblems() {
    assertThat(catalog.problems()).isEmpty();
    List<String> tags = new ArrayList<>();
    expected.path("entities").fieldNames().forEachRemaining(tags::add);
    assertThat(catalog.tags()).isEqualTo(tags);
  }

  @Test
  void linkageMatchesExpected() {
    PipelineLinker linker = new PipelineLinker(pipelines);
    for (Entity e : catalog.all()) {
      JsonNode x = expected.path("entities").path(e.tag());
      Linkage l = linker.link(e);
      List<String> slugs = new ArrayList<>();
      x.path("pipelines").forEach(s -> slugs.add(s.asText()));
      List<String> warnings = new ArrayList<>();
      x.path("warnings").forEach(s -> warnings.add(s.asText()));
      assertThat(l.slugs()).as(e.tag()).isEqualTo(slugs);
      assertThat(l.warnings()).as(e.tag()).isEqualTo(warnings);
      assertThat(l.isNull()).as(e.tag()).isEqualTo(x.path("null").asBoolean());
      assertThat(l.hasBuildkiteBlock()).as(e.tag()).isEqualTo(x.path("has_buildkite_block").asBoolean());
    }
  }

  @Test
  void windowCountsMatchExpected() {
    Instant now = Instant.parse(expected.path("now").asText());
    Instant from = now.minus(Duration.ofDays(expected.path("window_days").asLong()));
    PipelineLinker linker = new PipelineLinker(pipelines);
    for (Entity e : catalog.all()) {
      Set<String> slugs = new HashSet<>(linker.link(e).slugs());
      Map<String, Integer> states = new LinkedHashMap<>();
      int total = 0;
      int blocked = 0;
      for (JsonNode b : builds) {
        Instant created = Instant.parse(b.path("created_at").asText());
        if (slugs.contains(b.path("pipeline").path("slug").asText()) && !created.isBefore(from) && created.isBefore(now)) {
          total++;
          states.merge(b.path("state").asText(), 1, Integer::sum);
          blocked += b.path("blocked").asBoolean() ? 1 : 0;
        }
      }
      JsonNode x = expected.path("entities").path(e.tag()).path("builds_in_window");
      assertThat(total).as(e.tag()).isEqualTo(x.path("total").asInt());
      assertThat(blocked).as(e.tag()).isEqualTo(x.path("blocked").asInt());
      x.path("states").fields().forEachRemaining(s ->
          assertThat(states.getOrDefault(s.getKey(), 0)).as(e.tag() + " " + s.getKey()).isEqualTo(s.getValue().asInt()));
    }
  }

  @Test
  void someBuildsShareCreatedAtWithDistinctNumbers() {
    // the "then number" tie-break of builds() ordering needs builds created at the same instant, in one
    // pipeline and across two pipelines of one entity (FIXTURE.md lists them)
    Map<String, List<JsonNode>> byCreated = new LinkedHashMap<>();
    for (JsonNode b : builds) {
      byCreated.computeIfAbsent(b.path("created_at").asText(), k -> new ArrayList<>()).add(b);
    }
    boolean samePipeline = false;
    boolean acrossPipelines = false;
    for (List<JsonNode> group : byCreated.values()) {
      if (group.size() < 2) {
        continue;
      }
      Set<Integer> numbers = new HashSet<>();
      Set<String> slugs = new HashSet<>();
      group.forEach(b -> {
        numbers.add(b.path("number").asInt());
        slugs.add(b.path("pipeline").path("slug").asText());
      });
      assertThat(numbers).hasSize(group.size());
      samePipeline |= slugs.size() == 1;
      acrossPipelines |= slugs.size() > 1;
    }
    assertThat(samePipeline).isTrue();
    assertThat(acrossPipelines).isTrue();
  }

  @Test
  void fixtureCoversEveryStateSourceAndShape() {
    Set<String> states = new HashSet<>();
    Set<String> sources = new HashSet<>();
    Set<String> branches = new HashSet<>();
    int prs = 0;
    int blocked = 0;
    for (JsonNode b : builds) {
      states.add(b.path("state").asText());
      sources.add(b.path("source").asText());
      branches.add(b.path("branch").asText());
      prs += b.path("pull_request").isObject() ? 1 : 0;
      blocked += b.path("blocked").asBoolean() && b.path("state").asText().equals("passed") ? 1 : 0;
      assertThat(b.path("commit").asText()).matches("[0-9a-f]{40}");
      assertThat(b.path("pipeline").path("slug").asText()).isNotEmpty();
    }
    assertThat(states).contains("passed", "failed", "running", "scheduled", "canceled", "canceling", "skipped",
        "not_run", "failing");
    assertThat(sources).containsExactlyInAnyOrder("webhook", "ui", "api", "schedule", "trigger_job");
    assertThat(branches).contains("main", "feature/x", "release/1.2");
    assertThat(prs).isPositive();
    assertThat(blocked).isPositive();
    assertThat(pipelines).extracting(Pipeline::provider).contains("github", "gitlab", "bitbucket", "unknown");
  }
}
