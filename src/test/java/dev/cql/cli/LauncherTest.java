package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script (./cql) on a stand-in checkout, with stand-ins for mvn, java and find on the PATH that
 * record how they were called: when it builds, what it says, what it runs, and that a fresh jar is recognised
 * without walking the source tree.
 */
@EnabledOnOs(OS.LINUX) // bash 5 and GNU find (macOS's bash 3.2 compares file times to the second)
class LauncherTest {

  @TempDir Path tmp;
  private Path home;
  private Path bin;
  private Path calls;
  private Path javaArgs;

  @BeforeEach
  void checkout() throws IOException {
    home = tmp.resolve("checkout");
    Files.createDirectories(home.resolve("src/main/java/p"));
    Files.copy(Path.of("cql"), home.resolve("cql"));
    Files.writeString(home.resolve("pom.xml"), "<project/>\n");
    Files.writeString(home.resolve("src/main/java/p/A.java"), "class A {}\n");
    bin = Files.createDirectories(tmp.resolve("bin"));
    calls = tmp.resolve("calls.log");
    javaArgs = tmp.resolve("java.args");
    String realFind = Stream.of("/usr/bin/find", "/bin/find").filter(f -> Files.isExecutable(Path.of(f)))
        .findFirst().orElseThrow();
    script("mvn", """
        echo "mvn $*" >>"$CQL_TEST_CALLS"
        if [ -n "${CQL_TEST_EDIT_DURING_BUILD:-}" ]; then sleep 0.1; echo "// edited" >>"$CQL_TEST_EDIT_DURING_BUILD"; fi
        if [ -n "${CQL_TEST_BUILD_FAILS:-}" ]; then echo "BUILD FAILURE"; exit 1; fi
        mkdir -p target && echo jar >target/cql.jar && echo archive >target/cql.jsa
        """);
    script("java", "printf '%s\\n' \"$PWD\" \"$@\" >\"$CQL_TEST_JAVA\"\n");
    script("find", "echo find >>\"$CQL_TEST_CALLS\"\nexec " + realFind + " \"$@\"\n");
  }

  private void script(String name, String body) throws IOException {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    p.toFile().setExecutable(true);
  }

  private record Run(int code, String out, String err, List<String> calls, List<String> java) {
    long builds() {
      return calls.stream().filter(c -> c.startsWith("mvn ")).count();
    }

    boolean walked() {
      return calls.contains("find");
    }
  }

  private Run cql(String... args) throws Exception {
    return cql(home, Map.of(), args);
  }

  private Run cql(Path cwd, Map<String, String> env, String... args) throws Exception {
    Files.deleteIfExists(calls);
    Files.deleteIfExists(javaArgs);
    List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("cql").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("CQL_TEST_CALLS", calls.toString());
    pb.environment().put("CQL_TEST_JAVA", javaArgs.toString());
    pb.environment().remove("CQL_JAVA_OPTS");
    pb.environment().putAll(env);
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finishes").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err),
        Files.exists(calls) ? Files.readAllLines(calls) : List.of(),
        Files.exists(javaArgs) ? Files.readAllLines(javaArgs, StandardCharsets.UTF_8) : List.of());
  }

  /** Moves every time in the checkout 100 s into the past, keeping their order: what happens next is newer. */
  private void age() throws IOException {
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        FileTime t = Files.getLastModifiedTime(p);
        Files.setLastModifiedTime(p, FileTime.fromMillis(t.toMillis() - 100_000));
      }
    }
  }

  private Run builtAndAged() throws Exception {
    Run first = cql("eval", "1");
    assertThat(first.builds()).isEqualTo(1);
    age();
    return first;
  }

  @Test
  void firstRunSaysItIsBuildingThenRunsTheJarInTheCallersDirectory() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Run r = cql(elsewhere, Map.of(), "eval", "1 + 2 * 3");
    assertThat(r.code()).isZero();
    assertThat(r.builds()).isEqualTo(1);
    assertThat(r.calls()).contains("mvn -B -q -Dmaven.test.skip=true package");
    assertThat(r.err()).contains("building cql, about a minute, once");
    assertThat(r.java().get(0)).isEqualTo(elsewhere.toRealPath().toString());
    assertThat(r.java()).endsWith("-jar", home.toRealPath().resolve("target/cql.jar").toString(), "eval", "1 + 2 * 3");
  }

  @Test
  void aFreshJarRunsWithoutBuildingOrWalkingTheTree() throws Exception {
    builtAndAged();
    Run r = cql("eval", "1");
    assertThat(r.builds()).isZero();
    assertThat(r.walked()).as("find was not run").isFalse();
    assertThat(r.err()).isEmpty();
    assertThat(r.java()).endsWith("eval", "1");
  }

  @Test
  void anEditedSourceIsRebuilt() throws Exception {
    builtAndAged();
    Files.writeString(home.resolve("src/main/java/p/A.java"), "class A { int x; }\n");
    Run r = cql("eval", "1");
    assertThat(r.builds()).isEqualTo(1);
    assertThat(r.err()).contains("the sources changed; rebuilding cql");
    assertThat(r.java()).isNotEmpty();
  }

  @Test
  void aChangedPomIsRebuilt() throws Exception {
    builtAndAged();
    Files.writeString(home.resolve("pom.xml"), "<project><!-- changed --></project>\n");
    assertThat(cql("eval", "1").builds()).isEqualTo(1);
  }

  @Test
  void addedDeletedAndRenamedFilesAreRebuilt() throws Exception {
    builtAndAged();
    Files.writeString(home.resolve("src/main/java/p/B.java"), "class B {}\n");
    assertThat(cql("eval", "1").builds()).as("a new file").isEqualTo(1);
    age();
    Files.createDirectories(home.resolve("src/main/java/p/q"));
    Files.writeString(home.resolve("src/main/java/p/q/C.java"), "class C {}\n");
    assertThat(cql("eval", "1").builds()).as("a new directory").isEqualTo(1);
    age();
    Files.move(home.resolve("src/main/java/p/B.java"), home.resolve("src/main/java/p/D.java"));
    assertThat(cql("eval", "1").builds()).as("a renamed file").isEqualTo(1);
    age();
    Files.delete(home.resolve("src/main/java/p/q/C.java"));
    assertThat(cql("eval", "1").builds()).as("a deleted file").isEqualTo(1);
    age();
    assertThat(cql("eval", "1").builds()).as("nothing changed").isZero();
  }

  @Test
  void anEditDuringTheBuildIsRebuiltNextTime() throws Exception {
    Run first = cql(home, Map.of("CQL_TEST_EDIT_DURING_BUILD", home.resolve("src/main/java/p/A.java").toString()), "eval", "1");
    assertThat(first.builds()).isEqualTo(1);
    assertThat(cql("eval", "1").builds()).as("the jar may not hold the edit").isEqualTo(1);
    assertThat(cql("eval", "1").builds()).isZero();
  }

  @Test
  void aJarRebuiltByMavenItselfIsCheckedOnceAgainstTheTree() throws Exception {
    builtAndAged();
    // an edit 50 s ago, then `mvn package` run by hand 40 s ago: the jar is newer than every source
    long now = System.currentTimeMillis();
    Files.writeString(home.resolve("src/main/java/p/A.java"), "class A { int y; }\n");
    Files.setLastModifiedTime(home.resolve("src/main/java/p/A.java"), FileTime.fromMillis(now - 50_000));
    Files.writeString(home.resolve("target/cql.jar"), "jar from mvn\n");
    Files.setLastModifiedTime(home.resolve("target/cql.jar"), FileTime.fromMillis(now - 40_000));
    Run r = cql("eval", "1");
    assertThat(r.builds()).isZero();
    assertThat(r.walked()).isTrue();
    Run again = cql("eval", "1");
    assertThat(again.builds()).isZero();
    assertThat(again.walked()).as("the new list is trusted").isFalse();
  }

  @Test
  void withoutAListTheTreeIsComparedWithTheJar() throws Exception {
    // a checkout built by `mvn verify` (CI): a jar, no list
    Files.createDirectories(home.resolve("target"));
    Files.writeString(home.resolve("target/cql.jar"), "jar\n");
    Files.setLastModifiedTime(home.resolve("target/cql.jar"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Run r = cql("eval", "1");
    assertThat(r.builds()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.java()).isNotEmpty();

    Files.delete(home.resolve("target/cql.inputs"));
    Files.setLastModifiedTime(home.resolve("target/cql.jar"), FileTime.fromMillis(System.currentTimeMillis() - 100_000));
    assertThat(cql("eval", "1").builds()).as("a source newer than the jar").isEqualTo(1);
  }

  @Test
  void aFailedBuildExitsWith70AndIsRetriedNextTime() throws Exception {
    Run r = cql(home, Map.of("CQL_TEST_BUILD_FAILS", "1"), "eval", "1");
    assertThat(r.code()).isEqualTo(70);
    assertThat(r.err()).contains("building the jar failed; see").contains("target-build.log");
    assertThat(r.java()).isEmpty();
    assertThat(Files.readString(home.resolve("target-build.log"))).contains("BUILD FAILURE");
    assertThat(cql("eval", "1").builds()).isEqualTo(1);
    assertThat(Files.exists(home.resolve("target-build.log"))).isFalse();
  }

  @Test
  void theArchiveIsPassedOnlyWhenItIsNotOlderThanTheJar() throws Exception {
    builtAndAged();
    String archive = "-XX:SharedArchiveFile=" + home.toRealPath().resolve("target/cql.jsa");
    assertThat(cql("eval", "1").java()).contains(archive, "-Xlog:cds*=off");
    Files.setLastModifiedTime(home.resolve("target/cql.jsa"),
        FileTime.fromMillis(Files.getLastModifiedTime(home.resolve("target/cql.jar")).toMillis() - 1000));
    assertThat(cql("eval", "1").java()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    Files.delete(home.resolve("target/cql.jsa"));
    Run r = cql("eval", "1");
    assertThat(r.code()).isZero();
    assertThat(r.java()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")).endsWith("eval", "1");
  }

  @Test
  void javaOptionsFromTheEnvironmentComeLast() throws Exception {
    builtAndAged();
    Run r = cql(home, Map.of("CQL_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=4"), "eval", "1");
    List<String> a = r.java();
    assertThat(a.indexOf("-XX:TieredStopAtLevel=4")).isGreaterThan(a.indexOf("-XX:TieredStopAtLevel=1"));
    assertThat(a.indexOf("-jar")).isGreaterThan(a.indexOf("-Xmx64m"));
  }
}
