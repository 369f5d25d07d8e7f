package dev.cql.repl;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A {@link BuildkiteSource} that counts what is read through it, for {@code :explain}. */
final class CountingSource implements BuildkiteSource {

  private final Supplier<BuildkiteSource> delegate;
  private final AtomicLong pipelineReads = new AtomicLong();
  private final AtomicLong pipelinesSeen = new AtomicLong();
  private final AtomicLong buildReads = new AtomicLong();
  private final AtomicLong buildPipelines = new AtomicLong();
  private final AtomicLong buildsSeen = new AtomicLong();

  CountingSource(Supplier<BuildkiteSource> delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<Pipeline> pipelines() throws BuildkiteException {
    List<Pipeline> p = delegate.get().pipelines();
    pipelineReads.incrementAndGet();
    pipelinesSeen.set(p.size());
    return p;
  }

  @Override
  public List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) throws BuildkiteException {
    List<Build> b = delegate.get().builds(pipelineSlugs, from, to);
    buildReads.incrementAndGet();
    buildPipelines.addAndGet(pipelineSlugs.size());
    buildsSeen.addAndGet(b.size());
    return b;
  }

  @Override
  public void expect(Collection<String> pipelineSlugs) {
    delegate.get().expect(pipelineSlugs);
  }

  @Override
  public String describe() {
    return delegate.get().describe();
  }

  void reset() {
    pipelineReads.set(0);
    pipelinesSeen.set(0);
    buildReads.set(0);
    buildPipelines.set(0);
    buildsSeen.set(0);
  }

  /** What was read since the last reset, in words. */
  String summary() {
    if (pipelineReads.get() == 0 && buildReads.get() == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    if (pipelineReads.get() > 0) {
      sb.append("the organization's pipeline list (").append(pipelinesSeen.get()).append(" pipelines)");
    }
    if (buildReads.get() > 0) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(buildReads.get()).append(buildReads.get() == 1 ? " build query" : " build queries")
          .append(" over ").append(buildPipelines.get()).append(buildPipelines.get() == 1 ? " pipeline" : " pipelines")
          .append(", ").append(buildsSeen.get()).append(buildsSeen.get() == 1 ? " build" : " builds").append(" read");
    }
    return sb.toString();
  }

  long buildsRead() {
    return buildsSeen.get();
  }
}
