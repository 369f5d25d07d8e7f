package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cql buildkite sync, --store, --max-staleness and --require-fresh, against the simulator over loopback. */
class StoreCliTest {

  static final String FIXTURE = DataCliTest.FIXTURE;
  static final String NOW = DataCliTest.NOW;
  static final String TOKEN = "bkua_store_cli_SECRET";
  static final String PASSED = "buildkite.builds(states=[\"passed\"]).length";

  @TempDir Path tmp;
  Simulator sim;

  @AfterEach
  void restore() {
    Sessions.env = System::getenv;
    if (sim != null) {
      sim.close();
    }
  }

  private void env() {
    Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN, "XDG_CACHE_HOME", tmp.resolve("cache").toString())::get;
  }

  private Cli.Run eval(String store, String... extra) {
    List<String> args = new ArrayList<>(List.of("eval", "--entity", "payments-api", PASSED, "--entities", FIXTURE + "/entities", "--now", NOW,
        "--store", store));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static long requests(String syncOutput) {
    Matcher m = Pattern.compile(", (\\d+) requests \\(").matcher(syncOutput);
    assertThat(m.find()).as(syncOutput).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void syncTwiceThenAnswerFromTheStoreEvenWithTheApiGone() throws Exception {
    sim = Simulator.start(Path.of(FIXTURE), SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"));
    env();
    String store = tmp.resolve("acme.db").toString();
    String[] sync = {"buildkite", "sync", "--org", "acme-inc", "--api-url", sim.baseUrl(), "--store", store, "--now", NOW};
    Cli.Run first = Cli.run(sync);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("synced acme-inc into sqlite " + store + ": full, 18 pipelines, ");
    assertThat(requests(first.out())).isEqualTo(sim.requestCount());
    long before = sim.requestCount();
    Cli.Run second = Cli.run(sync);
    assertThat(second.out()).contains(": incremental, 18 pipelines, ");
    assertThat(requests(second.out())).isEqualTo(sim.requestCount() - before).isLessThanOrEqualTo(3);

    // a fresh store: evaluating costs no request
    before = sim.requestCount();
    String[] api = {"--org", "acme-inc", "--api-url", sim.baseUrl()};
    Cli.Run fresh = eval(store, api);
    assertThat(fresh.out()).isEqualTo("12\n");
    assertThat(fresh.err()).doesNotContain("cql: warning");
    assertThat(sim.requestCount()).isEqualTo(before);

    // the API gone: the last complete sync answers, with a warning naming its age
    sim.close();
    Cli.Run stale = eval(store, "--org", "acme-inc", "--api-url", sim.baseUrl(), "--max-staleness", "0s");
    assertThat(stale.code()).isZero();
    assertThat(stale.out()).isEqualTo("12\n");
    assertThat(stale.err()).contains("warning: syncing acme-inc failed").containsPattern("answering from the last complete sync of sqlite .*, \\d+ s old")
        .doesNotContain(TOKEN);
    Cli.Run strict = eval(store, "--org", "acme-inc", "--api-url", sim.baseUrl(), "--max-staleness", "0s", "--require-fresh");
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.err()).startsWith("error[data] 1:1: Buildkite data could not be read:");

    // the store on its own, no API at all
    assertThat(eval(store).out()).isEqualTo("12\n");
    Cli.Run old = eval(store, "--max-staleness", "0s");
    assertThat(old.out()).isEqualTo("12\n");
    assertThat(old.err()).contains("warning: the store sqlite " + store + " was last synced").contains("give --org to sync it");
    assertThat(eval(store, "--max-staleness", "0s", "--require-fresh").code()).isEqualTo(1);
  }

  @Test
  void theDefaultStoreIsOneFilePerHostAndOrganizationInTheCacheDirectory() throws Exception {
    sim = Simulator.start(Path.of(FIXTURE), SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"));
    env();
    Cli.Run r = Cli.run("eval", "--entity", "payments-api", PASSED, "--entities", FIXTURE + "/entities", "--now", NOW,
        "--org", "acme-inc", "--api-url", sim.baseUrl());
    assertThat(r.out()).isEqualTo("12\n");
    Path expected = tmp.resolve("cache/cql/buildkite-127.0.0.1-" + sim.port() + "-acme-inc.db");
    assertThat(expected).isRegularFile();
    long before = sim.requestCount();
    Cli.Run none = Cli.run("eval", "--entity", "payments-api", PASSED, "--entities", FIXTURE + "/entities", "--now", NOW,
        "--org", "acme-inc", "--api-url", sim.baseUrl(), "--store", "none");
    assertThat(none.out()).isEqualTo("12\n");
    assertThat(sim.requestCount()).isGreaterThan(before); // --store none: the API directly
  }

  @Test
  void importASnapshotAndEvaluateEveryEntityFromIt() {
    env();
    String store = tmp.resolve("imported.db").toString();
    Cli.Run imp = Cli.run("buildkite", "sync", "--data", FIXTURE, "--store", store);
    assertThat(imp.code()).as(imp.err()).isZero();
    assertThat(imp.out()).startsWith("imported 18 pipelines and 118 builds of acme-inc from " + FIXTURE + " into sqlite " + store);
    for (String entity : List.of("payments-api", "web-frontend", "checkout", "inventory", "ledger", "notifications")) {
      String[] common = {"eval", "--entity", entity, "buildkite.builds(state=\"finished\", branch=\"m*\").map(b => b.number)",
          "--entities", FIXTURE + "/entities", "--now", NOW, "--format", "json"};
      List<String> fromStore = new ArrayList<>(List.of(common));
      fromStore.addAll(List.of("--store", store));
      List<String> fromSnapshot = new ArrayList<>(List.of(common));
      fromSnapshot.addAll(List.of("--data", FIXTURE));
      Cli.Run a = Cli.run(fromStore.toArray(String[]::new));
      Cli.Run b = Cli.run(fromSnapshot.toArray(String[]::new));
      assertThat(a.code()).as(a.err()).isZero();
      assertThat(a.out()).as(entity).isEqualTo(b.out());
      assertThat(a.err()).contains("was last synced"); // the snapshot's data is weeks old
    }
  }

  @Test
  void theWebhooksCommandStoresASignedBuildEvent() throws Exception {
    env();
    String store = tmp.resolve("hooks.db").toString();
    assertThat(Cli.run("buildkite", "sync", "--data", FIXTURE, "--store", store).code()).isZero();
    Sessions.env = Map.of("BUILDKITE_WEBHOOK_TOKEN", "hook-SECRET")::get;
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
    BuildkiteCommand.Webhooks hooks = (BuildkiteCommand.Webhooks) cl.getSubcommands().get("buildkite").getSubcommands().get("webhooks").getCommand();
    java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread t = new Thread(() -> exit.set(cl.execute("buildkite", "webhooks", "--listen", "127.0.0.1:0", "--store", store)));
    t.start();
    try {
      assertThat(hooks.started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String url = out.toString().lines().findFirst().orElseThrow();
      assertThat(url).startsWith("http://127.0.0.1:");
      com.fasterxml.jackson.databind.node.ObjectNode build = (com.fasterxml.jackson.databind.node.ObjectNode)
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(FIXTURE, "builds.json").toFile()).get(0);
      build.put("state", "canceled");
      byte[] body = ("{\"event\":\"build.finished\",\"build\":" + build + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      long ts = java.time.Instant.now().getEpochSecond();
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec("hook-SECRET".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((ts + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String sig = "timestamp=" + ts + ",signature=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> ok = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
          .header("X-Buildkite-Event", "build.finished").header("X-Buildkite-Signature", sig)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      java.net.http.HttpResponse<String> forged = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
          .header("X-Buildkite-Token", "guess").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).isEqualTo(401);
    } finally {
      t.interrupt();
      t.join(10_000);
    }
    assertThat(exit.get()).isZero();
    long number = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(FIXTURE, "builds.json").toFile()).get(0).path("number").asLong();
    env();
    Cli.Run r = Cli.run("eval", "--entity", "auth-service", "buildkite.builds(states=[\"canceled\"]).map(b => b.number)",
        "--entities", FIXTURE + "/entities", "--now", NOW, "--store", store, "--format", "json", "-q");
    // the fixture's newest build (scheduled there) is now canceled, and newest first
    assertThat(r.out()).as(r.err()).startsWith("[" + number + ",");
  }

  @Test
  void everyNewCommandAnswersHelpAndBadOptionsAreUsageErrors() {
    for (String c : List.of("sync", "webhooks")) {
      Cli.Run help = Cli.run("buildkite", c, "--help");
      assertThat(help.code()).isZero();
      assertThat(help.out()).contains("Usage: cql buildkite " + c);
    }
    for (String c : List.of("eval", "entity", "scorecard", "repl")) {
      picocli.CommandLine.Model.CommandSpec spec = Main.commandLine().getSubcommands().get(c).getCommandSpec();
      for (String o : List.of("--store", "--max-staleness", "--require-fresh")) {
        assertThat(spec.findOption(o)).as(c + " " + o).isNotNull();
      }
    }
    assertThat(Cli.run("eval", "1", "--store", "jdbc:mysql://db/x").code()).isEqualTo(64);
    assertThat(Cli.run("eval", "1", "--store", tmp.resolve("x.db").toString(), "--max-staleness", "soon").code()).isEqualTo(64);
    assertThat(Cli.run("eval", "1", "--data", FIXTURE, "--store", tmp.resolve("x.db").toString()).code()).isEqualTo(64);
    Sessions.env = Map.<String, String>of()::get;
    assertThat(Cli.run("buildkite", "webhooks", "--listen", "127.0.0.1:0", "--store", tmp.resolve("w.db").toString()).code()).isEqualTo(64);
    assertThat(Cli.run("buildkite", "sync", "--org", "acme-inc").code()).isEqualTo(64); // no token
  }
}
