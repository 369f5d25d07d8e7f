package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run loads is what it costs at start-up: each case runs the command line in a child JVM with
 * {@code -Xlog:class+load} and checks that the expensive parts the command does not need stay unloaded
 * (BENCHMARKS.md, "Start-up").
 */
class StartupClassesTest {

  static final String TOKEN = "bkua_startup_test_secret";

  /** Parts no constant expression needs: JSON and YAML, caches, the demo organization, HTTP and TLS. */
  static final List<String> NOT_FOR_A_CONSTANT = List.of(
      "com.fasterxml.jackson.", "com.github.benmanes.caffeine.", "dev.cql.entity.demo.DemoDataset$",
      "dev.cql.entity.DescriptorParser", "java.net.http.HttpClient", "jdk.internal.net.http.", "javax.net.ssl.",
      "sun.security.ssl.", "org.jline.", "net.thisptr.jackson.jq.");

  /** TLS and the security providers behind it: nothing that talks plain http to a loopback simulator needs them. */
  static final List<String> TLS = List.of("sun.security.ssl.", "sun.security.x509.", "sun.security.provider.",
      "sun.security.jca.", "java.security.KeyStore", "java.security.cert.CertificateFactory",
      "javax.net.ssl.TrustManager", "javax.net.ssl.KeyManager");

  @TempDir Path tmp;

  private record Loaded(int code, String out, String err, List<String> classes) {
    List<String> matching(List<String> prefixes) {
      return classes.stream().filter(c -> prefixes.stream().anyMatch(c::startsWith)).toList();
    }
  }

  private Loaded run(Map<String, String> env, String... args) throws Exception {
    Path log = tmp.resolve("classes-" + System.nanoTime() + ".log");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Path out = tmp.resolve("out");
    Path err = tmp.resolve("err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> classes = Files.readAllLines(log).stream()
        .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[info\\s*\\]\\[class,load\\s*\\] ", ""))
        .map(l -> l.split(" ", 2)[0])
        .toList();
    assertThat(classes).as("the log names the classes").contains(Main.class.getName());
    return new Loaded(p.exitValue(), Files.readString(out), Files.readString(err), classes);
  }

  @Test
  void aConstantExpressionLoadsNoDataJsonCacheOrNetworkClasses() throws Exception {
    Loaded r = run(Map.of(), "eval", "1 + 2 * 3");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("7\n");
    assertThat(r.err()).as("the demo organization is not loaded").isEmpty();
    assertThat(r.matching(NOT_FOR_A_CONSTANT)).isEmpty();
  }

  @Test
  void aConstantExpressionWithAnOrganizationMakesNoClient() throws Exception {
    Loaded r = run(Map.of("BUILDKITE_API_TOKEN", TOKEN),
        "eval", "--org", "acme-inc", "--api-url", "http://127.0.0.1:9", "1 + 2");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("3\n");
    assertThat(r.matching(NOT_FOR_A_CONSTANT)).isEmpty();
  }

  @Test
  void plainHttpToTheSimulatorLoadsNoTls() throws Exception {
    try (Simulator sim = Simulator.start(Path.of(DataCliTest.FIXTURE),
        SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"))) {
      // --store none: the direct API path, so that what is measured is the HTTP client alone (a store's
      // lease ids come from SecureRandom, which loads security providers, though no TLS)
      Loaded r = run(Map.of("BUILDKITE_API_TOKEN", TOKEN), "eval", "--org", "acme-inc", "--api-url", sim.baseUrl(),
          "--store", "none", "--entities", DataCliTest.FIXTURE + "/entities", "--now", DataCliTest.NOW, "--entity", "payments-api",
          "buildkite.builds(states=[\"passed\"]).length");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("12\n");
      assertThat(sim.requestCount()).isPositive();
      assertThat(r.classes()).contains("jdk.internal.net.http.HttpClientImpl");
      assertThat(r.matching(TLS)).isEmpty();
    }
  }
}
