package dev.cql.buildkite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Ordering and in-memory windowing of build lists, shared by the sources. */
final class BuildWindows {

  /** Newest first: created_at descending (nulls last), then number descending. */
  static final Comparator<Build> NEWEST_FIRST = Comparator
      .comparing(Build::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed()
      .thenComparing(Comparator.comparingLong(Build::number).reversed());

  private BuildWindows() {}

  static String slugOf(Build b) {
    return b.pipeline() == null ? null : b.pipeline().slug();
  }

  /**
   * The builds of {@code slugs} created in {@code [from, to)} ({@code to} null: no upper bound), newest
   * first. {@code builds} must already be newest first.
   */
  static List<Build> select(List<Build> builds, Collection<String> slugs, Instant from, Instant to) {
    Set<String> wanted = slugs instanceof Set<?> ? (Set<String>) slugs : new HashSet<>(slugs);
    List<Build> out = new ArrayList<>();
    for (Build b : builds) {
      Instant c = b.createdAt();
      if (c == null || (from != null && c.isBefore(from)) || (to != null && !c.isBefore(to))) {
        continue;
      }
      if (wanted.contains(slugOf(b))) {
        out.add(b);
      }
    }
    return out;
  }
}
