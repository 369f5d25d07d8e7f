package dev.cql.buildkite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cql.buildkite.BuildkiteException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot directory as a {@link BuildkiteSource}: {@code DIR/pipelines.json} and
 * {@code DIR/builds.json}, JSON arrays as the API returns them (builds with their pipeline embedded, jobs
 * optional). Both files are read once, on first use; an unreadable or malformed file is a
 * {@link Reason#SNAPSHOT} error naming it. A build's pipeline is the {@code pipelines.json} entry with the
 * same slug when there is one, else its embedded object.
 */
public final class SnapshotSource implements BuildkiteSource {

  public static final String PIPELINES_FILE = "pipelines.json";
  public static final String BUILDS_FILE = "builds.json";

  private final Path dir;
  private volatile Loaded loaded;

  private record Loaded(List<Pipeline> pipelines, List<Build> builds, BuildIndex index) {}

  public SnapshotSource(Path dir) {
    this.dir = dir;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public List<Pipeline> pipelines() throws BuildkiteException {
    return load().pipelines;
  }

  @Override
  public List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) throws BuildkiteException {
    return load().index.select(pipelineSlugs, from, to);
  }

  @Override
  public String describe() {
    return "snapshot " + dir;
  }

  private Loaded load() throws BuildkiteException {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        l = loaded;
        if (l == null) {
          l = read();
          loaded = l;
        }
      }
    }
    return l;
  }

  private Loaded read() throws BuildkiteException {
    Path pf = dir.resolve(PIPELINES_FILE);
    Path bf = dir.resolve(BUILDS_FILE);
    List<Pipeline> pipelines = new ArrayList<>();
    Map<String, Pipeline> bySlug = new HashMap<>();
    for (JsonNode n : readArray(pf)) {
      Pipeline p = BuildkiteJson.pipeline(n);
      if (p.slug() == null) {
        throw new BuildkiteException(Reason.SNAPSHOT, pf + ": pipeline " + (pipelines.size() + 1) + " has no slug");
      }
      pipelines.add(p);
      bySlug.put(p.slug(), p);
    }
    pipelines.sort(Comparator.comparing(Pipeline::slug));
    List<Build> builds = new ArrayList<>();
    int i = 0;
    for (JsonNode n : readArray(bf)) {
      i++;
      Build b = BuildkiteJson.build(n);
      if (b.pipeline() == null || b.pipeline().slug() == null) {
        throw new BuildkiteException(Reason.SNAPSHOT, bf + ": build " + i + " (number " + b.number() + ") has no embedded pipeline with a slug");
      }
      Pipeline full = bySlug.get(b.pipeline().slug());
      if (full != null && !full.equals(b.pipeline())) {
        b = withPipeline(b, full);
      }
      builds.add(b);
    }
    builds.sort(BuildIndex.NEWEST_FIRST);
    return new Loaded(List.copyOf(pipelines), List.copyOf(builds), BuildIndex.of(builds));
  }

  static Build withPipeline(Build b, Pipeline p) {
    return new Build(b.id(), b.graphqlId(), b.number(), b.state(), b.blocked(), b.branch(), b.commit(), b.message(), b.source(),
        b.createdAt(), b.scheduledAt(), b.startedAt(), b.finishedAt(), b.webUrl(), b.url(), b.creator(), b.pullRequest(), p);
  }

  /** The objects of a JSON array file, or a SNAPSHOT error naming the file. */
  static List<JsonNode> readArray(Path file) throws BuildkiteException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new BuildkiteException(Reason.SNAPSHOT, "cannot read snapshot file " + file + ": " + e.getMessage(), e);
    }
    try {
      return BuildkiteJson.requireArrayOfObjects(BuildkiteJson.parse(bytes));
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      int nl = m.indexOf('\n');
      throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " is not a JSON array of objects: "
          + (nl < 0 ? m : m.substring(0, nl)), e);
    }
  }
}
