package dev.cql.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cql.api.CqlEngine;
import dev.cql.api.error.CqlException;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteJson;
import dev.cql.buildkite.SnapshotSource;
import dev.cql.entity.CatalogProblem;
import dev.cql.entity.DescriptorParser;
import dev.cql.eval.Values;
import dev.cql.io.TextFiles;
import dev.cql.scorecard.Problem;
import dev.cql.scorecard.Scorecard;
import dev.cql.scorecard.ScorecardException;
import dev.cql.session.DataSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Fuzz targets for the file readers: entity descriptors, scorecards, snapshot directories and Buildkite
 * JSON bodies. Whatever the bytes, a reader gives its result or problems that carry file:line (never a raw
 * Java exception). Seeds: the example descriptors, scorecards and recorded Buildkite bodies
 * ({@code src/test/resources/dev/cql/fuzz/LoaderFuzzTestInputs/<target>/}).
 */
class LoaderFuzzTest {

  private static final CqlEngine ENGINE = DataSession.engine(java.time.Clock.systemUTC());

  /** Descriptor YAML: an entity or problems; every error but an empty file's has a line. */
  @FuzzTest(maxDuration = "10m")
  void descriptor(byte[] bytes) {
    String text;
    try {
      text = TextFiles.decode(bytes);
    } catch (TextFiles.BadFile e) {
      if (e.line() < 1 || e.column() < 1) {
        throw new AssertionError("an encoding error without a position: " + e.getMessage());
      }
      return;
    }
    DescriptorParser.Result r = DescriptorParser.parse("fuzz.yaml", text);
    if (r.entity() == null && !r.hasErrors()) {
      throw new AssertionError("no entity and no error");
    }
    for (CatalogProblem p : r.problems()) {
      if (p.line() < 1 && !p.message().startsWith("empty descriptor")) {
        throw new AssertionError("a problem without a line: " + p);
      }
    }
    if (r.problems().size() > 200) {
      throw new AssertionError("unbounded problems: " + r.problems().size());
    }
  }

  /** Scorecard YAML: a scorecard or a ScorecardException whose problems all have file:line:column. */
  @FuzzTest(maxDuration = "10m")
  void scorecard(byte[] bytes) {
    String text;
    try {
      text = TextFiles.decode(bytes);
    } catch (TextFiles.BadFile e) {
      return;
    }
    try {
      Scorecard.parse(text, "fuzz.yaml", ENGINE);
    } catch (ScorecardException e) {
      if (e.problems().isEmpty()) {
        throw new AssertionError("refused without a problem");
      }
      for (Problem p : e.problems()) {
        if (p.line() < 1 || p.column() < 1 || p.message() == null || p.message().isBlank()) {
          throw new AssertionError("a problem without a position or message: " + p);
        }
        p.render();
      }
    }
  }

  /** A snapshot directory: pipelines and builds, or a SNAPSHOT error naming the file (with line and column). */
  @FuzzTest(maxDuration = "10m")
  void snapshot(FuzzedDataProvider data) throws IOException {
    byte[] pipelines = data.consumeBytes(data.consumeInt(0, 4096));
    byte[] builds = data.consumeRemainingAsBytes();
    Path dir = Files.createTempDirectory("cql-fuzz-snapshot");
    try {
      Files.write(dir.resolve(SnapshotSource.PIPELINES_FILE), pipelines);
      Files.write(dir.resolve(SnapshotSource.BUILDS_FILE), builds);
      SnapshotSource s = new SnapshotSource(dir);
      try {
        s.pipelines();
        for (Build b : s.builds(List.of("a", "b"), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))) {
          values(b);
        }
      } catch (BuildkiteException e) {
        if (!e.getMessage().contains(dir.toString())) {
          throw new AssertionError("a snapshot error that does not name the file: " + e.getMessage());
        }
      }
    } finally {
      for (String f : List.of(SnapshotSource.PIPELINES_FILE, SnapshotSource.BUILDS_FILE)) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.deleteIfExists(dir);
    }
  }

  /** A Buildkite response body: records, or an IOException saying what the body is instead. */
  @FuzzTest(maxDuration = "10m")
  void buildkiteJson(byte[] body) {
    List<JsonNode> items;
    try {
      items = BuildkiteJson.requireArrayOfObjects(BuildkiteJson.parse(body));
    } catch (IOException e) {
      return;
    }
    for (JsonNode n : items) {
      BuildkiteJson.pipeline(n);
      try {
        values(BuildkiteJson.build(n));
      } catch (BuildkiteJson.MalformedRecord e) {
        if (!e.getMessage().startsWith("build ")) {
          throw new AssertionError("a malformed record that is not named: " + e.getMessage());
        }
      }
    }
  }

  /** Converts what a rule can read of a build; data errors are allowed, nothing else. */
  private static void values(Build b) {
    try {
      Values.fromJava(b.creator());
      Values.fromJava(b.pullRequest());
    } catch (CqlException e) {
      if (e.getMessage() == null) {
        throw new AssertionError("an error without a message", e);
      }
    }
  }

  static {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
