package dev.cql.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.SnapshotSource;
import dev.cql.entity.CatalogProblem;
import dev.cql.entity.EntityCatalog;
import dev.cql.lang.Limit;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Malformed files and data are refused with file:line and the record named, not read silently or as a raw exception. */
class MalformedInputTest {

  @TempDir
  Path tmp;

  private static final String GOOD = "{\"id\": \"b1\", \"number\": 7, \"state\": \"passed\", \"created_at\": \"2025-01-01T00:00:00Z\","
      + " \"pipeline\": {\"slug\": \"api\"}}";

  private String snapshotError(String builds) throws Exception {
    Files.writeString(tmp.resolve(SnapshotSource.PIPELINES_FILE), "[{\"slug\": \"api\"}]");
    Files.writeString(tmp.resolve(SnapshotSource.BUILDS_FILE), builds);
    try {
      new SnapshotSource(tmp).builds(List.of("api"), Instant.EPOCH, null);
    } catch (BuildkiteException e) {
      assertThat(e.reason()).isEqualTo(BuildkiteException.Reason.SNAPSHOT);
      return e.getMessage();
    }
    throw new AssertionError("accepted " + builds);
  }

  @Test
  void wrongFieldTypesNameTheBuildAndItsLine() throws Exception {
    String file = tmp.resolve(SnapshotSource.BUILDS_FILE).toString();
    assertThat(snapshotError("[" + GOOD + ",\n" + GOOD.replace("7", "\"seven\"") + "]"))
        .startsWith(file + ":2:1:").contains("build api (id b1)").contains("'number' is \"seven\", not an integer");
    assertThat(snapshotError("[\n\n" + GOOD.replace("\"passed\"", "[\"passed\"]") + "]"))
        .startsWith(file + ":3:1:").contains("'state' is [\"passed\"], not a string");
    assertThat(snapshotError("[" + GOOD.replace("2025-01-01T00:00:00Z", "yesterday") + "]"))
        .contains("'created_at' is \"yesterday\", not an ISO-8601 timestamp");
    assertThat(snapshotError("[" + GOOD.replace("\"2025-01-01T00:00:00Z\"", "null") + "]"))
        .contains("'created_at' is missing or null");
  }

  @Test
  void trailingTextAndSyntaxErrorsHaveLineAndColumn() throws Exception {
    String file = tmp.resolve(SnapshotSource.BUILDS_FILE).toString();
    assertThat(snapshotError("[" + GOOD + "]\ntrailing junk")).contains(file + ":2:1 is not a JSON array of objects");
    assertThat(snapshotError("[" + GOOD + "]\n[]")).contains(file + ":2:1 is not a JSON array of objects")
        .contains("text after the end of the array");
    assertThat(snapshotError("[\n" + GOOD + ",\n{\"id\": }]")).contains(file + ":3:").contains("not valid JSON");
  }

  /** A file of {@code size} bytes that takes no disk (sparse): reading it would take minutes, a size check none. */
  private static Path sparse(Path file, long size) throws Exception {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // reading the file instead of checking its size would not end in time
  void aSnapshotFileOverTheSizeLimitIsRefusedBeforeReadingIt() throws Exception {
    Files.writeString(tmp.resolve(SnapshotSource.PIPELINES_FILE), "[{\"slug\": \"api\"}]");
    Path builds = sparse(tmp.resolve(SnapshotSource.BUILDS_FILE), Limit.SNAPSHOT_SIZE.value() + 1);
    assertThatThrownBy(() -> new SnapshotSource(tmp).builds(List.of("api"), Instant.EPOCH, null))
        .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(BuildkiteException.Reason.SNAPSHOT))
        .hasMessageContaining(builds.toString()).hasMessageContaining((Limit.SNAPSHOT_SIZE.value() + 1) + " bytes")
        .hasMessageContaining("limit 'snapshot-size' is " + Limit.SNAPSHOT_SIZE.value()).hasMessageContaining("-Dcql.limit.snapshot-size=N");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aDescriptorOfGigabytesIsRefusedBeforeReadingIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("huge"));
    sparse(dir.resolve("huge.yaml"), 8L * 1024 * 1024 * 1024);
    List<CatalogProblem> ps = EntityCatalog.load(dir).problems();
    assertThat(ps).singleElement().satisfies(p -> assertThat(p.message()).contains("8589934592 bytes").contains("'yaml-size'"));
  }

  @Test
  void aLongDescriptionUnderTheSizeLimitLoadsWhole() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("long"));
    String description = "word ".repeat(200_000).strip(); // 1 MB, as a catalog that pastes a README might have
    Files.writeString(dir.resolve("long.yaml"), "openapi: 3.0.1\ninfo:\n  title: Long\n  x-cortex-tag: long\n  description: " + description + "\n");
    EntityCatalog catalog = EntityCatalog.load(dir);
    assertThat(catalog.problems()).isEmpty();
    assertThat(catalog.tags()).containsExactly("long");
    assertThat(catalog.all().get(0).description()).hasSize(description.length());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void scorecardAndRuleTestFilesGetTheSameSizeAndEncodingChecksAsDescriptors() throws Exception {
    dev.cql.api.CqlEngine engine = dev.cql.api.CqlEngine.builder().build();
    Path badUtf8 = tmp.resolve("card.yaml");
    Files.write(badUtf8, concat("tag: t\nname: n\nrules:\n  - title: caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9},
        "\n    expression: 'true'\n".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> dev.cql.scorecard.Scorecard.load(badUtf8, engine))
        .isInstanceOfSatisfying(dev.cql.scorecard.ScorecardException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.line()).isEqualTo(4);
          assertThat(p.column()).isEqualTo(15);
          assertThat(p.message()).contains("not valid UTF-8").doesNotContain("Malformed");
        }));
    Path huge = sparse(tmp.resolve("huge-card.yaml"), 8L * 1024 * 1024 * 1024);
    assertThatThrownBy(() -> dev.cql.scorecard.Scorecard.load(huge, engine))
        .isInstanceOfSatisfying(dev.cql.scorecard.ScorecardException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p.message()).contains("8589934592 bytes").contains("-Dcql.limit.yaml-size=N")));
    Path hugeTest = sparse(tmp.resolve("huge.test.yaml"), 8L * 1024 * 1024 * 1024);
    assertThat(dev.cql.scorecard.RuleTestFile.run(hugeTest, null)).singleElement().satisfies(r -> {
      assertThat(r.passed()).isFalse();
      assertThat(r.detail()).startsWith(hugeTest.toString()).contains("'yaml-size'");
    });
    Path badTest = tmp.resolve("bad.test.yaml");
    Files.write(badTest, concat("scorecard: card.yaml\n# caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9}));
    assertThat(dev.cql.scorecard.RuleTestFile.run(badTest, null)).singleElement()
        .satisfies(r -> assertThat(r.detail()).startsWith(badTest + ":2:6:").contains("not valid UTF-8"));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aValidSnapshotStillReads() throws Exception {
    Files.writeString(tmp.resolve(SnapshotSource.PIPELINES_FILE), "[{\"slug\": \"api\"}]");
    Files.writeString(tmp.resolve(SnapshotSource.BUILDS_FILE), "[" + GOOD + "]");
    assertThat(new SnapshotSource(tmp).builds(List.of("api"), Instant.EPOCH, null)).hasSize(1);
  }

  private List<CatalogProblem> descriptorProblems(String name, byte[] content) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("entities-" + name));
    Files.write(dir.resolve(name), content);
    return EntityCatalog.load(dir).problems();
  }

  @Test
  void invalidUtf8InADescriptorSaysWhere() throws Exception {
    List<CatalogProblem> ps = descriptorProblems("cafe.yaml",
        "info:\n  x-cortex-tag: cafe\n  title: caf\u00e9 \n".replace("\u00e9", "\u0000").getBytes(StandardCharsets.UTF_8));
    assertThat(ps).isNotEmpty(); // NUL in the title is a control character
    byte[] latin1 = "info:\n  x-cortex-tag: cafe\n  title: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    List<CatalogProblem> bad = descriptorProblems("latin1.yaml", latin1);
    assertThat(bad).hasSize(1);
    assertThat(bad.get(0).line()).isEqualTo(3);
    assertThat(bad.get(0).column()).isEqualTo(13);
    assertThat(bad.get(0).message()).contains("not valid UTF-8").contains("0xE9").doesNotContain("MalformedInput");
  }

  @Test
  void anOversizedDescriptorIsRefusedBeforeParsing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("big"));
    Path f = dir.resolve("big.yaml");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write("info:\n  x-cortex-tag: big\n  description: ".getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "word ".repeat(200_000).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 20; i++) {
        out.write(chunk);
      }
    }
    List<CatalogProblem> ps = EntityCatalog.load(dir).problems();
    assertThat(ps).hasSize(1);
    assertThat(ps.get(0).message()).contains("20000041 bytes").contains("limit 'yaml-size' is " + Limit.YAML_SIZE.value())
        .contains("-Dcql.limit.yaml-size=N");
  }

  @Test
  void billionLaughsDoesNotExpand() throws Exception {
    StringBuilder y = new StringBuilder("info:\n  x-cortex-tag: lol\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'i'; c++) {
      y.append("  ").append(c).append(": &").append(c).append(" [").append(("*" + prev + ",").repeat(8)).append('*').append(prev).append("]\n");
      prev = c;
    }
    List<CatalogProblem> ps = descriptorProblems("lol.yaml", y.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(ps.stream().filter(CatalogProblem::isError)).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("YAML aliases (*a) are not supported"));
    // thousands of aliases end at the limit, with one problem each for the first and the limit
    String many = "info:\n  x-cortex-tag: t\n  title: T\n  a: &a 1\n  l: [" + "*a,".repeat(5000) + "*a]\n";
    List<CatalogProblem> limited = descriptorProblems("many.yaml", many.getBytes(StandardCharsets.UTF_8));
    assertThat(limited).hasSize(2);
    assertThat(limited.get(1).message()).contains("limit 'yaml-aliases' is 100 aliases").contains("-Dcql.limit.yaml-aliases=N");
    assertThat(limited).allSatisfy(p -> assertThat(p.line()).isEqualTo(5));
  }

  @Test
  void controlCharactersInATagAreRefused() throws Exception {
    List<CatalogProblem> ps = descriptorProblems("ansi.yaml",
        "info:\n  x-cortex-tag: \"evil\\e[31m\\0tag\"\n  title: Evil\n".getBytes(StandardCharsets.UTF_8));
    assertThat(ps).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).contains("control characters").contains("evil?[31m?tag").doesNotContain("\u001b");
    });
  }

  @Test
  void scorecardWeightOutOfRangeIsAProblemWithALine() {
    String yaml = "tag: t\nname: n\nrules:\n  - title: r\n    expression: 'true'\n    weight: 1e400\n";
    assertThatThrownBy(() -> dev.cql.scorecard.Scorecard.parse(yaml, "w.yaml", dev.cql.api.CqlEngine.builder().build()))
        .isInstanceOfSatisfying(dev.cql.scorecard.ScorecardException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.line()).isEqualTo(6);
              assertThat(p.message()).contains("whole number").contains("at most 1000000");
            }));
  }
}
