package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildkiteJsonTest {

  private static JsonNode sample(String name) throws Exception {
    return BuildkiteJson.parse(Files.readAllBytes(Sim.samples().resolve(name)));
  }

  @Test
  void readsTheDocumentedBuildShape() throws Exception {
    List<Build> bs = BuildkiteJson.builds(sample("builds-list-org.page1.exclude_jobs.json"));
    assertThat(bs).hasSize(3);
    Build b = bs.get(0);
    assertThat(b.id()).isEqualTo("01908131-7d9f-495e-a17b-80ed31276810");
    assertThat(b.number()).isEqualTo(1042);
    assertThat(b.state()).isEqualTo("running");
    assertThat(b.branch()).isEqualTo("feature/login-form");
    assertThat(b.source()).isEqualTo("webhook");
    assertThat(b.createdAt()).isEqualTo(Instant.parse("2025-02-13T23:20:01.120Z"));
    assertThat(b.finishedAt()).isNull();
    assertThat(b.pullRequest()).containsEntry("id", "318").containsEntry("base", "main");
    assertThat(b.creator()).containsEntry("name", "Alice Example");
    assertThat(b.pipeline().slug()).isEqualTo("web-app");
    assertThat(b.pipeline().provider()).isEqualTo("github");
    assertThat(b.pipeline().gitRepository()).isEqualTo("acme-inc/web-app");
    assertThat(b.pipeline().tags()).containsExactly(":react:", "frontend");
    assertThat(bs.get(1).creator()).isNull();
    assertThat(bs.stream().filter(Build::blocked)).hasSize(1).allSatisfy(x -> assertThat(x.state()).isEqualTo("passed"));
  }

  @Test
  void readsPipelinesOfEveryProviderAndNullTags() throws Exception {
    List<Pipeline> ps = BuildkiteJson.pipelines(sample("pipelines-list.page2.json"));
    assertThat(ps).extracting(Pipeline::slug).containsExactly("payments", "legacy-tool");
    assertThat(ps.get(0).tags()).isEmpty(); // "tags": null
    assertThat(ps.get(0).gitRepository()).isEqualTo("acme-inc/payments");
    assertThat(ps.get(1).provider()).isEqualTo("unknown");
    assertThat(ps.get(1).gitRepository()).isEqualTo("acme-inc/platform/legacy-tool");
    assertThat(ps.get(0).description()).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void toleratesMissingUnknownAndOddFields() throws Exception {
    Build b = BuildkiteJson.build(BuildkiteJson.parse("""
        {"number": 7, "surprise": {"x": [1, 2]}, "created_at": "2025-07-16 06:07:42 UTC",
         "started_at": "2025-07-16T08:07:42+02:00", "finished_at": "not a time", "creator": {"n": 1, "f": 1.5,
         "big": 123456789012345678901234567890, "ok": true, "l": [1, "a", null]}, "pull_request": "weird",
         "pipeline": {"slug": "x", "provider": "github", "tags": ["a", null, 3]}}
        """.getBytes()));
    assertThat(b.id()).isNull();
    assertThat(b.number()).isEqualTo(7);
    assertThat(b.blocked()).isFalse();
    assertThat(b.createdAt()).isEqualTo(Instant.parse("2025-07-16T06:07:42Z"));
    assertThat(b.startedAt()).isEqualTo(Instant.parse("2025-07-16T06:07:42Z"));
    assertThat(b.finishedAt()).isNull();
    Map<String, Object> c = b.creator();
    assertThat(c.get("n")).isEqualTo(1L);
    assertThat(c.get("f")).isEqualTo(new BigDecimal("1.5"));
    assertThat(c.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(c.get("ok")).isEqualTo(true);
    assertThat((List<Object>) c.get("l")).containsExactly(1L, "a", null);
    assertThat(b.pullRequest()).isNull();
    assertThat(b.pipeline().provider()).isEqualTo("github");
    assertThat(b.pipeline().tags()).containsExactly("a", "3");
    assertThat(BuildkiteJson.instant("2025-02-13T23:20:01Z")).isEqualTo(Instant.parse("2025-02-13T23:20:01Z"));
    assertThat(BuildkiteJson.instant(null)).isNull();
  }

  @Test
  void writingThenReadingGivesTheSameRecords() throws Exception {
    List<Build> bs = new SnapshotSource(Sim.data()).builds(
        new SnapshotSource(Sim.data()).pipelines().stream().map(Pipeline::slug).toList(), Instant.EPOCH, null);
    assertThat(bs).hasSize(298);
    JsonNode written = BuildkiteJson.parse(BuildkiteJson.bytes(BuildkiteJson.buildsToJson(bs)));
    assertThat(BuildkiteJson.builds(written)).isEqualTo(bs);
    assertThat(written.get(0).get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(written.get(0).get("pipeline").get("provider").get("id").isTextual()).isTrue();
  }

  @Test
  void rejectsBodiesThatAreNotArraysOfObjects() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildkiteJson.builds(BuildkiteJson.parse("{\"message\":\"x\"}".getBytes())))
        .hasMessageContaining("expected a JSON array, got object");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildkiteJson.parse("[{\"id\": ".getBytes()))
        .isInstanceOf(java.io.IOException.class);
  }
}
