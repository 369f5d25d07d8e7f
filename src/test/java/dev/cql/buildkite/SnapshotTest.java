package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.buildkite.BuildkiteException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

  @TempDir Path tmp;

  @Test
  void snapshotSourceOrdersAndWindows() throws Exception {
    SnapshotSource s = new SnapshotSource(Sim.data());
    List<Pipeline> ps = s.pipelines();
    assertThat(ps).hasSize(12).isSortedAccordingTo(java.util.Comparator.comparing(Pipeline::slug));
    assertThat(ps).extracting(Pipeline::provider).contains("github", "gitlab", "bitbucket", "bitbucket_server", "unknown");
    Instant from = SyntheticOrg.END.minus(Duration.ofDays(30));
    List<Build> bs = s.builds(List.of("search", "billing"), from, SyntheticOrg.END);
    assertThat(bs).isNotEmpty().isSortedAccordingTo(BuildIndex.NEWEST_FIRST)
        .allSatisfy(b -> {
          assertThat(b.pipeline().slug()).isIn("search", "billing");
          assertThat(b.createdAt()).isAfterOrEqualTo(from).isBefore(SyntheticOrg.END);
        });
    assertThat(s.describe()).startsWith("snapshot ");
  }

  @Test
  void unreadableOrMalformedFilesNameTheFile() throws Exception {
    assertThatThrownBy(() -> new SnapshotSource(tmp).pipelines())
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT))
        .hasMessageContaining(tmp.resolve("pipelines.json").toString()).hasMessageContaining("does not exist");
    Files.writeString(tmp.resolve("pipelines.json"), "[]");
    Files.writeString(tmp.resolve("builds.json"), "[{\"id\": 1,");
    assertThatThrownBy(() -> new SnapshotSource(tmp).builds(List.of("x"), Instant.EPOCH, null))
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SNAPSHOT))
        .hasMessageContaining(tmp.resolve("builds.json").toString());
    Files.writeString(tmp.resolve("builds.json"), "{\"builds\": []}");
    assertThatThrownBy(() -> new SnapshotSource(tmp).pipelines())
        .hasMessageContaining("builds.json").hasMessageContaining("not a JSON array");
    Files.writeString(tmp.resolve("builds.json"), "[{\"id\": \"b\", \"number\": 3, \"created_at\": \"2025-01-01T00:00:00Z\"}]");
    assertThatThrownBy(() -> new SnapshotSource(tmp).pipelines())
        .hasMessageContaining("builds.json").hasMessageContaining("no embedded pipeline");
  }

  @Test
  void snapshotterRecordsWhatTheApiServes() throws Exception {
    try (Simulator sim = Sim.start()) {
      BuildkiteClient c = Sim.client(sim).build();
      Instant from = SyntheticOrg.END.minus(Duration.ofDays(20));
      Snapshotter.Result r = Snapshotter.record(c, tmp.resolve("snap"), from);
      SnapshotSource original = new SnapshotSource(Sim.data());
      List<String> slugs = original.pipelines().stream().map(Pipeline::slug).toList();
      List<Build> expected = original.builds(slugs, from, null);
      assertThat(r.pipelines()).isEqualTo(12);
      assertThat(r.builds()).isEqualTo(expected.size());
      assertThat(r.requests()).isEqualTo(1 + (expected.size() + 99) / 100);
      assertThat(sim.requestLog()).filteredOn(l -> l.contains("/builds")).allSatisfy(l -> assertThat(l).contains("exclude_jobs=true"));

      SnapshotSource recorded = new SnapshotSource(tmp.resolve("snap"));
      assertThat(recorded.pipelines()).isEqualTo(original.pipelines());
      assertThat(recorded.builds(slugs, Instant.EPOCH, null)).isEqualTo(expected);
      assertThat(Files.readString(tmp.resolve("snap/pipelines.json"))).doesNotContain(Sim.TOKEN);
      assertThat(Files.readString(tmp.resolve("snap/builds.json"))).doesNotContain(Sim.TOKEN);
      try (var files = Files.list(tmp.resolve("snap"))) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pipelines.json", "builds.json");
      }

      // and the simulator serves a recorded snapshot as well
      try (Simulator again = Simulator.start(tmp.resolve("snap"), Sim.options())) {
        assertThat(Sim.client(again).build().listBuilds(BuildQuery.organization())).isEqualTo(expected);
      }
    }
  }
}
