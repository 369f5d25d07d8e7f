package dev.cql.buildkite.namespace;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.eval.CqlNamespace;
import dev.cql.eval.Env;
import dev.cql.eval.Errors;
import dev.cql.eval.Site;
import dev.cql.eval.Temporals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of {@code buildkite} for one entity: its linked pipelines and the source of their builds.
 * Null (not this) when the entity has no Buildkite block and nothing links to it.
 */
public final class BuildkiteNamespace implements CqlNamespace {

  private final List<Pipeline> linked;
  private final Map<Pipeline, PipelineValue> values = new IdentityHashMap<>();
  private final BuildkiteSource source;
  private final Duration defaultWindow;
  private final List<String> warnings;

  public BuildkiteNamespace(List<Pipeline> linked, BuildkiteSource source, Duration defaultWindow, List<String> warnings) {
    this.linked = List.copyOf(linked);
    for (Pipeline p : this.linked) {
      values.put(p, new PipelineValue(p));
    }
    this.source = source;
    this.defaultWindow = defaultWindow;
    this.warnings = List.copyOf(warnings);
  }

  @Override
  public String namespaceName() {
    return BuildkiteLibrary.NAMESPACE;
  }

  /**
   * The one translation of a data source's failure into the language's error: kind {@code data}, so that a
   * rule reading the data is errored, never passed or failed.
   */
  public static CqlException dataError(BuildkiteException e, Span span) {
    return Errors.data(span, "Buildkite data could not be read: " + e.getMessage());
  }

  public List<Pipeline> linkedPipelines() {
    return linked;
  }

  public Duration defaultWindow() {
    return defaultWindow;
  }

  /** Reports the linking warnings (a listed slug the organization lacks...) wherever buildkite is read. */
  @Override
  public void used(Env env, dev.cql.api.error.Span span) {
    for (String w : warnings) {
      env.warn(new Warning(span, w));
    }
  }

  /** {@code buildkite.pipelines(criteria)}: matching linked pipelines, by slug. */
  List<Object> pipelines(Criteria c, Env env, Site site) {
    List<Object> out = new ArrayList<>();
    for (Pipeline p : linked) {
      if (c.matches(p)) {
        out.add(values.get(p));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code buildkite.builds(criteria)}: matching builds of matching linked pipelines in the window, newest first. */
  List<Object> builds(Criteria c, Env env, Site site) {
    List<String> slugs = new ArrayList<>();
    Map<String, PipelineValue> bySlug = new java.util.HashMap<>();
    for (Pipeline p : linked) {
      if (c.matches(p)) {
        slugs.add(p.slug());
        bySlug.put(p.slug(), values.get(p));
      }
    }
    if (slugs.isEmpty()) {
      return List.of();
    }
    Instant now = env.now();
    Instant from;
    try {
      from = c.createdFrom != null ? c.createdFrom : Temporals.minus(now, c.lookback != null ? c.lookback : defaultWindow);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      from = Instant.EPOCH; // a lookback longer than all time: every build (Buildkite has none before 1970)
    }
    // The window ends at the evaluation's clock unless created_to says otherwise: with --now in the past, later
    // builds do not count, and the cache can serve every lookback from one window (its key spans 30 days).
    Instant to = c.createdTo != null ? c.createdTo : now;
    BuildFilter filter = BuildFilter.Builder.criteriaOf(c.buildCriteria).pipelines(slugs).createdFrom(from).createdTo(to)
        .build();
    List<Build> fetched;
    try {
      long t0 = System.nanoTime();
      try {
        fetched = source.builds(filter);
      } finally {
        env.waited(System.nanoTime() - t0); // the client's deadlines bound this wait, not limit 'time'
      }
    } catch (BuildkiteException e) {
      throw dataError(e, site.span());
    }
    env.checkWaited(site.span());
    env.tick(fetched.size(), site.span());
    // The source returns the selected builds newest first (BuildkiteSource's contract).
    List<Object> out = new ArrayList<>(fetched.size());
    for (Build b : fetched) {
      out.add(new BuildValue(b, bySlug.get(b.pipeline().slug())));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return "<buildkite: " + linked.size() + " pipeline" + (linked.size() == 1 ? "" : "s") + ">";
  }
}
