package dev.cql.buildkite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A list of builds indexed by pipeline slug, each pipeline's builds newest first, so that selecting a
 * few pipelines' window out of an organization-wide list costs the builds returned, not the whole list.
 * Immutable and thread-safe; every source answers {@link BuildkiteSource#builds} through one.
 */
public final class BuildIndex {

  /** Newest first: created_at descending (nulls last), then number descending. */
  public static final Comparator<Build> NEWEST_FIRST = Comparator
      .comparing(Build::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
      .thenComparing(Comparator.comparingLong(Build::number).reversed());

  private final Map<String, List<Build>> bySlug;

  private BuildIndex(Map<String, List<Build>> bySlug) {
    this.bySlug = bySlug;
  }

  /** The slug of a build's pipeline, or null. */
  public static String slugOf(Build b) {
    return b.pipeline() == null ? null : b.pipeline().slug();
  }

  /** Indexes builds in any order. */
  public static BuildIndex of(Collection<Build> builds) {
    Map<String, List<Build>> bySlug = new HashMap<>();
    for (Build b : builds) {
      if (b.pipeline() != null && b.createdAt() != null) {
        bySlug.computeIfAbsent(b.pipeline().slug(), k -> new ArrayList<>()).add(b);
      }
    }
    bySlug.replaceAll((k, v) -> {
      v.sort(NEWEST_FIRST);
      return Collections.unmodifiableList(v);
    });
    return new BuildIndex(bySlug);
  }

  /**
   * The builds of {@code slugs} created in {@code [from, to)} ({@code from}/{@code to} null: unbounded),
   * newest first.
   */
  public List<Build> select(Collection<String> slugs, Instant from, Instant to) {
    List<Build> out = new ArrayList<>();
    int lists = 0;
    for (String slug : new LinkedHashSet<>(slugs)) {
      List<Build> builds = bySlug.get(slug);
      if (builds == null) {
        continue;
      }
      lists++;
      for (int i = firstBefore(builds, to); i < builds.size(); i++) {
        Build b = builds.get(i);
        if (from != null && b.createdAt().isBefore(from)) {
          break; // newest first: the rest are older still
        }
        out.add(b);
      }
    }
    if (lists > 1) {
      out.sort(NEWEST_FIRST);
    }
    return out;
  }

  /** The index of the first build created before {@code to} (binary search over the newest-first list). */
  private static int firstBefore(List<Build> builds, Instant to) {
    if (to == null) {
      return 0;
    }
    int lo = 0;
    int hi = builds.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (builds.get(mid).createdAt().isBefore(to)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
