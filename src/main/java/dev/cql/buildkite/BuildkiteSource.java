package dev.cql.buildkite;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where the buildkite namespace gets its data: a snapshot directory, or the live REST API behind a cache.
 * Implementations are thread-safe; many evaluations call them at once and must share fetches.
 */
public interface BuildkiteSource {

  /** The default build window of {@code buildkite.builds()}: builds created in the last 30 days. */
  Duration DEFAULT_WINDOW = Duration.ofDays(30);

  /** Every pipeline of the organization, ordered by slug. */
  List<Pipeline> pipelines() throws BuildkiteException;

  /**
   * The builds of the given pipelines created in {@code [from, to)}, newest first (created_at, then number
   * descending). {@code to} may be null for "up to now". Implementations should serve repeated calls with
   * nearby windows from one cached fetch (fetch a covering window and filter in memory).
   */
  List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) throws BuildkiteException;

  /**
   * The builds {@code filter} selects: those of its pipelines created in its window that meet its build
   * criteria, newest first (created_at, then number descending). The default selects the window through
   * {@link #builds(Collection, Instant, Instant)} and tests each build in memory; a store answers it with
   * one query.
   */
  default List<Build> builds(BuildFilter filter) throws BuildkiteException {
    List<Build> window = builds(filter.pipelines(), filter.createdFrom(), filter.createdTo());
    if (!filter.hasBuildCriteria()) {
      return window;
    }
    List<Build> out = new ArrayList<>();
    for (Build b : window) {
      if (filter.matches(b)) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * Tells the source that many evaluations at once are about to ask for builds of these pipelines (a query
   * over every entity), so that it can plan one fetch for all of them rather than one per caller. A hint:
   * the default ignores it.
   */
  default void expect(Collection<String> pipelineSlugs) {}

  /** A short human description for banners and :explain, e.g. "snapshot /path" or "api acme-inc". */
  String describe();
}
