package dev.cql.store;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A {@link BuildStore} as a {@link BuildkiteSource}: {@code builds(filter)} is one query with the window
 * and every criterion pushed down, so memory holds what one call returns, not the organization. The
 * pipeline list is read once and kept (the same list instance, so linkers built over it are reused) until
 * {@link #refresh()}.
 */
public final class StoreSource implements BuildkiteSource {

  private final BuildStore store;
  private volatile Pipelines pipelines;

  private record Pipelines(List<Pipeline> listed, Map<String, Pipeline> all) {}

  public StoreSource(BuildStore store) {
    this.store = store;
  }

  public BuildStore store() {
    return store;
  }

  /** Forgets the pipelines read, so the next call reads them again (after a sync). */
  public void refresh() {
    pipelines = null;
  }

  private Pipelines load() throws BuildkiteException {
    Pipelines p = pipelines;
    if (p == null) {
      synchronized (this) {
        p = pipelines;
        if (p == null) {
          p = new Pipelines(List.copyOf(store.pipelines()), Map.copyOf(store.allPipelines()));
          pipelines = p;
        }
      }
    }
    return p;
  }

  @Override
  public List<Pipeline> pipelines() throws BuildkiteException {
    return load().listed();
  }

  @Override
  public List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) throws BuildkiteException {
    return builds(BuildFilter.builder().pipelines(pipelineSlugs).createdFrom(from).createdTo(to).build());
  }

  @Override
  public List<Build> builds(BuildFilter filter) throws BuildkiteException {
    Map<String, Pipeline> all = load().all();
    return store.builds(filter, all::get);
  }

  @Override
  public String describe() {
    return "store " + store.describe();
  }

  @Override
  public String toString() {
    return "StoreSource[" + describe() + "]";
  }
}
