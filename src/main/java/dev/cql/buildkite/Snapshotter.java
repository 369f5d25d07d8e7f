package dev.cql.buildkite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Records a live organization into a snapshot directory ({@code pipelines.json}, {@code builds.json}) that
 * {@link SnapshotSource} and {@link Simulator} read: every pipeline, and the builds created since
 * {@code from} (org-wide listing, {@code exclude_jobs=true}, newest first).
 *
 * <p>Files hold the Buildkite-shaped subset of fields that the records carry ({@link BuildkiteJson#toJson}),
 * not the whole API objects: pipeline {@code env}, {@code steps} and {@code configuration} are left out.
 * The token is never written: the client keeps it out of data, and the files are checked for it (any
 * occurrence, should the organization's data contain it, is replaced by {@code [REDACTED]}). Each file is
 * written to a temporary file first and moved into place, so an interrupted run leaves no half file.
 */
public final class Snapshotter {

  /** What was recorded. */
  public record Result(Path directory, int pipelines, int builds, Instant from, long requests) {}

  private Snapshotter() {}

  /** The longest a whole sync (every listing, retry and rate-limit wait) may take. */
  public static final java.time.Duration SYNC_DEADLINE = java.time.Duration.ofMinutes(30);

  public static Result record(BuildkiteClient client, Path out, Instant from) throws BuildkiteException, IOException {
    return record(client, out, from, SYNC_DEADLINE);
  }

  /** Records a snapshot; gives up with a clear error rather than wait past {@code deadline}. */
  public static Result record(BuildkiteClient client, Path out, Instant from, java.time.Duration deadline)
      throws BuildkiteException, IOException {
    return BuildkiteClient.withDeadline(deadline, () -> recordNow(client, out, from));
  }

  private static Result recordNow(BuildkiteClient client, Path out, Instant from) throws BuildkiteException, IOException {
    long before = client.requestsSent();
    List<Pipeline> pipelines = new ArrayList<>(client.listPipelines());
    pipelines.sort(Comparator.comparing(Pipeline::slug, Comparator.nullsLast(Comparator.naturalOrder())));
    List<Build> builds = new ArrayList<>(client.listBuilds(BuildQuery.organization().withCreatedFrom(from)));
    builds.sort(BuildIndex.NEWEST_FIRST);
    Files.createDirectories(out);
    write(client, out.resolve(SnapshotSource.PIPELINES_FILE), BuildkiteJson.pipelinesToJson(pipelines));
    write(client, out.resolve(SnapshotSource.BUILDS_FILE), BuildkiteJson.buildsToJson(builds));
    return new Result(out, pipelines.size(), builds.size(), from, client.requestsSent() - before);
  }

  /**
   * Copies the entity descriptors ({@code *.yaml}, {@code *.yml}) found directly in {@code from} into
   * {@code out/entities/} (replacing files of the same name), so the snapshot directory is complete on its
   * own. Returns the number copied.
   */
  public static int copyEntities(Path from, Path out) throws IOException {
    Path dir = out.resolve("entities");
    Files.createDirectories(dir);
    int n = 0;
    try (var files = Files.list(from)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
          Files.copy(f, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          n++;
        }
      }
    }
    return n;
  }

  private static void write(BuildkiteClient client, Path file, JsonNode json) throws IOException {
    String text = new String(BuildkiteJson.bytes(json), StandardCharsets.UTF_8);
    String safe = client.redact(text) + "\n";
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, safe, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
