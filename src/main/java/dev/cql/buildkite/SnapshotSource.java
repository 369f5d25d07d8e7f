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
    List<int[]> at = new ArrayList<>();
    for (JsonNode n : readArray(bf, at)) {
      i++;
      Build b;
      try {
        b = BuildkiteJson.build(n);
      } catch (BuildkiteJson.MalformedRecord e) {
        int[] pos = at.get(i - 1);
        throw new BuildkiteException(Reason.SNAPSHOT, bf + ":" + pos[0] + ":" + pos[1] + ": " + e.getMessage());
      }
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
    return readArray(file, new ArrayList<>());
  }

  /**
   * The objects of a JSON array file, and the line and column where each starts (into {@code positions}); a
   * SNAPSHOT error naming the file with line and column when it is not one JSON array of objects (trailing
   * text included), or larger than the limit 'snapshot-size'.
   */
  static List<JsonNode> readArray(Path file, List<int[]> positions) throws BuildkiteException {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > dev.cql.lang.Limit.SNAPSHOT_SIZE.value()) {
        throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " is " + size + " bytes; "
            + dev.cql.lang.Limit.SNAPSHOT_SIZE.explain());
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new BuildkiteException(Reason.SNAPSHOT, "cannot read snapshot file " + file + ": " + e.getMessage(), e);
    }
    List<JsonNode> out = new ArrayList<>();
    try (com.fasterxml.jackson.core.JsonParser p = BuildkiteJson.mapper().createParser(bytes)) {
      com.fasterxml.jackson.core.JsonToken t = p.nextToken();
      if (t != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        throw located(file, p.currentTokenLocation(), "expected a JSON array, found " + (t == null ? "nothing" : p.getText()));
      }
      while ((t = p.nextToken()) != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
        com.fasterxml.jackson.core.JsonLocation start = p.currentTokenLocation();
        if (t != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          throw located(file, start, "element " + (out.size() + 1) + " is not an object");
        }
        out.add(p.readValueAsTree());
        positions.add(new int[] {start.getLineNr(), start.getColumnNr()});
      }
      com.fasterxml.jackson.core.JsonLocation end = p.currentTokenLocation();
      if (p.nextToken() != null) {
        throw located(file, p.currentTokenLocation(), "text after the end of the array (which ends at line " + end.getLineNr() + ")");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
      throw located(file, loc, "not valid JSON: " + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new BuildkiteException(Reason.SNAPSHOT, "cannot read snapshot file " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static BuildkiteException located(Path file, com.fasterxml.jackson.core.JsonLocation loc, String message) {
    String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    return new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + where + " is not a JSON array of objects: " + message);
  }
}
