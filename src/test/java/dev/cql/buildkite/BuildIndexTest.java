package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildIndexTest {

  static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  static Build build(String slug, long number, long minutes) {
    Pipeline p = new Pipeline("id-" + slug, null, slug, slug, null, null, null, List.of(), null, null, null, null, null);
    return new Build("b" + slug + number, null, number, "passed", false, "main", null, null, "webhook",
        T0.plusSeconds(minutes * 60), null, null, null, null, null, null, null, p);
  }

  @Test
  void selectsTheSameBuildsAsAFullScanInNewestFirstOrder() {
    Random rnd = new Random(42);
    List<Build> all = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      all.add(build("p" + rnd.nextInt(7), i, rnd.nextInt(500))); // many ties on created_at
    }
    Collections.shuffle(all, rnd);
    BuildIndex index = BuildIndex.of(all);
    for (int trial = 0; trial < 200; trial++) {
      Set<String> slugs = new java.util.HashSet<>(List.of("p" + rnd.nextInt(7), "p" + rnd.nextInt(7), "x"));
      Instant from = rnd.nextBoolean() ? null : T0.plusSeconds(rnd.nextInt(500) * 60L);
      Instant to = rnd.nextBoolean() ? null : T0.plusSeconds(rnd.nextInt(500) * 60L);
      List<Build> expected = new ArrayList<>();
      for (Build b : all) {
        if (slugs.contains(b.pipeline().slug()) && (from == null || !b.createdAt().isBefore(from))
            && (to == null || b.createdAt().isBefore(to))) {
          expected.add(b);
        }
      }
      expected.sort(BuildIndex.NEWEST_FIRST);
      assertThat(index.select(slugs, from, to)).isEqualTo(expected);
    }
  }

  @Test
  void tiesOnCreatedAtGoByNumberDescending() {
    BuildIndex index = BuildIndex.of(List.of(build("a", 1, 5), build("b", 3, 5), build("a", 2, 5), build("a", 4, 1)));
    assertThat(index.select(List.of("a", "b"), null, null)).extracting(Build::number).containsExactly(3L, 2L, 1L, 4L);
  }
}
