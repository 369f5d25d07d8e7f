package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Faults.Fault;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API token is a canary: every command runs against the simulator, in good and failing conditions, with
 * the token in its environment (in-process through {@link Sessions#env}; {@code buildkite snapshot} as a
 * separate process, so that the real environment is read too), and the token must appear in nothing it printed or
 * wrote: stdout, stderr, reports, snapshots, build stores (named and default), REPL history, or any other file.
 */
class TokenCanaryTest {

  static final String CANARY = "bkua_CANARY_7f3e9a1c5b2d4e6f8a0b";
  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme").toAbsolutePath();
  static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

  @TempDir
  Path tmp;

  record Ran(List<String> args, int code, String out, String err) {}

  private final List<Ran> runs = new ArrayList<>();

  /** A command in this JVM, with the canary as BUILDKITE_API_TOKEN and stdin as given. */
  private Ran cql(String stdin, String... args) throws Exception {
    java.util.function.UnaryOperator<String> saved = Sessions.env;
    java.io.InputStream savedIn = System.in;
    // the default build store goes under the scanned directory too
    Sessions.env = name -> name.equals("BUILDKITE_API_TOKEN") ? CANARY
        : name.equals("XDG_CACHE_HOME") ? tmp.resolve("home/cache").toString() : null;
    System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      Cli.Run r = Cli.run(args);
      Ran ran = new Ran(List.of(args), r.code(), r.out(), r.err());
      runs.add(ran);
      return ran;
    } finally {
      Sessions.env = saved;
      System.setIn(savedIn);
    }
  }

  /** A command as its own process: its environment, HOME and working directory. */
  private Ran process(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Duser.home=" + tmp.resolve("home"), "dev.cql.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.resolve("work").toFile());
    Map<String, String> env = pb.environment();
    env.put("BUILDKITE_API_TOKEN", CANARY);
    env.put("HOME", tmp.resolve("home").toString());
    env.remove("BUILDKITE_ORGANIZATION_SLUG");
    Path out = tmp.resolve("out-" + runs.size() + ".txt");
    Path err = tmp.resolve("err-" + runs.size() + ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Files.writeString(tmp.resolve("empty-stdin"), "").toFile()));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("cql " + List.of(args) + " did not finish");
    }
    Ran r = new Ran(List.of(args), p.exitValue(), Files.readString(out), Files.readString(err));
    runs.add(r);
    return r;
  }

  @Test
  void theTokenAppearsInNothingAnyCommandPrintsOrWrites() throws Exception {
    Files.createDirectories(tmp.resolve("home"));
    Files.createDirectories(tmp.resolve("work"));
    String entities = FIXTURE.resolve("entities").toString();
    try (Simulator sim = Simulator.start(FIXTURE, SimulatorOptions.defaults().token(CANARY).rateLimit(0));
        Simulator other = Simulator.start(FIXTURE, SimulatorOptions.defaults().token("bkua_some_other_token").rateLimit(0))) {
      String org = sim.organization();
      String[] api = {"--org", org, "--api-url", sim.baseUrl(), "--entities", entities};
      String[] rejected = {"--org", org, "--api-url", other.baseUrl(), "--entities", entities};

      // every command, with live data
      assertThat(cql("", concat(new String[] {"eval", "--entity", "payments-api", "buildkite.builds().length"}, api)).code()).isZero();
      cql("", concat(new String[] {"eval", "--entity", "payments-api", "buildkite.builds(state=1)"}, api));
      cql("", "parse", "buildkite.builds(state=\"passed\").length");
      cql("", concat(new String[] {"test", EXAMPLES.resolve("production-readiness.test.yaml").toString()}, api));
      cql("buildkite.builds().length\n:help\n:entity checkout\nentity.tag()\n",
          concat(new String[] {"repl", "--plain", "--history", tmp.resolve("home/history").toString(), "--entity", "payments-api"}, api));
      cql("", concat(new String[] {"entity", "payments-api"}, api));
      for (String format : List.of("text", "json", "html", "junit")) {
        cql("", concat(new String[] {"scorecard", EXAMPLES.resolve("production-readiness.yaml").toString(), "--format", format,
            "--out", tmp.resolve("work/report." + format).toString()}, api));
      }
      assertThat(process("buildkite", "snapshot", "--org", org, "--api-url", sim.baseUrl(), "--days", "3650",
          "--out", tmp.resolve("work/snap").toString()).code()).isZero();
      cql("", "scorecard", EXAMPLES.resolve("production-readiness.yaml").toString(), "--data", tmp.resolve("work/snap").toString(),
          "--entities", entities, "--format", "json");
      // the build store: a sync into a named store, twice (full, then incremental), an evaluation from it alone,
      // and the default store the --org runs above wrote under XDG_CACHE_HOME
      String store = tmp.resolve("work/store.db").toString();
      assertThat(cql("", "buildkite", "sync", "--org", org, "--api-url", sim.baseUrl(), "--store", store).code()).isZero();
      assertThat(cql("", "buildkite", "sync", "--org", org, "--api-url", sim.baseUrl(), "--store", store).code()).isZero();
      assertThat(cql("", "eval", "--store", store, "--entities", entities, "--entity", "payments-api", "--max-staleness", "3650d",
          "buildkite.builds().length").code()).isZero();
      cql("", "buildkite", "sync", "--org", org, "--api-url", other.baseUrl(), "--store", tmp.resolve("work/rejected.db").toString());
      cql("", "--help");
      cql("", "buildkite", "snapshot", "--help");
      cql("", "buildkite", "serve", "--help");

      // and when things go wrong: a server that rejects the token, one that fails, a refused URL
      cql("", concat(new String[] {"eval", "--entity", "payments-api", "buildkite.builds().length"}, rejected));
      cql("", concat(new String[] {"scorecard", EXAMPLES.resolve("production-readiness.yaml").toString()}, rejected));
      process("buildkite", "snapshot", "--org", org, "--api-url", other.baseUrl(), "--out", tmp.resolve("work/snap2").toString());
      sim.faults().failNext(1000, Fault.status(403));
      cql("", concat(new String[] {"eval", "--entity", "payments-api", "buildkite.builds().length"}, api));
      sim.faults().clear();
      cql("", "eval", "--org", org, "--api-url", "http://198.51.100.7", "1");
      process("buildkite", "snapshot", "--org", org, "--api-url", "http://" + CANARY + ".example", "--out", tmp.resolve("x").toString());
    }

    assertThat(runs).hasSizeGreaterThan(22);
    assertThat(runs.get(0).out().strip()).as("the live data was read").matches("\\d+");
    List<String> leaks = new ArrayList<>();
    for (Ran r : runs) {
      if (r.out().contains(CANARY) || r.err().contains(CANARY)) {
        leaks.add("cql " + r.args() + " printed the token");
      }
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("out-") || name.startsWith("err-")) {
          continue; // checked above, per command (one run passes the token in a URL on purpose)
        }
        if (contains(f, CANARY)) {
          leaks.add(tmp.relativize(f) + " holds the token");
        }
      }
    }
    assertThat(tmp.resolve("work/snap/builds.json")).exists();
    assertThat(tmp.resolve("work/store.db")).exists();
    try (Stream<Path> stores = Files.list(tmp.resolve("home/cache/cql"))) {
      assertThat(stores.map(f -> f.getFileName().toString())).as("the default store was written where it is scanned")
          .anyMatch(n -> n.endsWith(".db"));
    }
    assertThat(tmp.resolve("work/report.html")).exists();
    assertThat(leaks).isEmpty();
  }

  private static boolean contains(Path f, String s) throws IOException {
    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(s);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
