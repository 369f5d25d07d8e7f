package dev.cql.cli;

import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import dev.cql.buildkite.Snapshotter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cql buildkite serve|snapshot}: the Buildkite simulator and the snapshot recorder. Exit codes: 0
 * success, 1 data error, 64 bad usage.
 */
@Command(
    name = "buildkite",
    description = "Buildkite data: serve a snapshot over the REST API, or record an organization into one.",
    mixinStandardHelpOptions = true,
    subcommands = {BuildkiteCommand.Serve.class, BuildkiteCommand.Snapshot.class})
public class BuildkiteCommand implements Callable<Integer> {

  static final int USAGE = 64;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
          "Serves a snapshot directory over Buildkite's REST API v2 on 127.0.0.1 and blocks until interrupted.",
          "Prints the base URL on stdout; use it as --api-url (requests need 'Authorization: Bearer <token>')."})
  public static class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "snapshot directory (pipelines.json, builds.json)")
    Path data;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "port on 127.0.0.1 (default: a free one)")
    int port;

    @Option(names = "--token", paramLabel = "T", defaultValue = "sim-token", description = "the bearer token accepted (default: ${DEFAULT-VALUE})")
    String token;

    @Option(names = "--org", paramLabel = "SLUG", description = "organization slug served (default: from the pipelines' URLs)")
    String org;

    @Option(names = "--latency-ms", paramLabel = "N", defaultValue = "0", description = "added to every response")
    long latencyMs;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "200",
        description = "requests per 60 s window before 429, as Buildkite's default (0 = unlimited; default: ${DEFAULT-VALUE})")
    int rateLimit;

    /** Counted down once serving (tests). */
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (port < 0 || port > 65535 || latencyMs < 0 || rateLimit < 0) {
        err.println("error: --port must be 0..65535, --latency-ms and --rate-limit at least 0");
        return USAGE;
      }
      SimulatorOptions o = SimulatorOptions.defaults().token(token).port(port).latency(Duration.ofMillis(latencyMs)).rateLimit(rateLimit).organization(org);
      Simulator sim;
      try {
        sim = Simulator.start(data, o);
      } catch (BuildkiteException e) {
        err.println("error[data]: " + e.getMessage());
        return 1;
      } catch (IOException e) {
        err.println("error: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        return 1;
      }
      Thread hook = new Thread(sim::close, "buildkite-sim-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println(sim.baseUrl());
      out.flush();
      err.println("serving " + sim + " (organization " + sim.organization() + "); Ctrl-C stops");
      err.flush();
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        sim.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running
        }
      }
      return 0;
    }
  }

  @Command(
      name = "snapshot",
      mixinStandardHelpOptions = true,
      description = {
          "Records an organization (all pipelines + the builds of the last N days, without jobs) into a snapshot directory.",
          "With --entities, the entity descriptors are copied into DIR/entities, so that --data DIR needs nothing else.",
          "The token is read from BUILDKITE_API_TOKEN (scopes read_pipelines, read_builds) and never written."})
  public static class Snapshot implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write pipelines.json and builds.json into")
    Path outDir;

    @Option(names = "--org", paramLabel = "SLUG", description = "organization slug (default: BUILDKITE_ORGANIZATION_SLUG)")
    String org;

    @Option(names = "--api-url", paramLabel = "URL", description = "replaces https://api.buildkite.com (plain http only to a loopback address)")
    String apiUrl;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "builds created in the last N days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--entities", paramLabel = "DIR", description = "entity descriptors (*.yaml) to copy into the snapshot's entities/")
    Path entities;

    /** The environment (replaceable in tests). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String token = env.get("BUILDKITE_API_TOKEN");
      String slug = org != null ? org : env.get("BUILDKITE_ORGANIZATION_SLUG");
      if (token == null || token.isBlank()) {
        err.println("error: set BUILDKITE_API_TOKEN to an API access token with the read_pipelines and read_builds scopes");
        return USAGE;
      }
      if (slug == null || slug.isBlank()) {
        err.println("error: give --org SLUG (or set BUILDKITE_ORGANIZATION_SLUG)");
        return USAGE;
      }
      if (days < 1) {
        err.println("error: --days must be at least 1");
        return USAGE;
      }
      BuildkiteClient client;
      try {
        BuildkiteClient.Builder b = BuildkiteClient.builder(slug, token).log(line -> { });
        if (apiUrl != null) {
          b.baseUrl(apiUrl);
        }
        client = b.build();
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
      if (entities != null && !java.nio.file.Files.isDirectory(entities)) {
        err.println("error: --entities " + entities + " is not a directory");
        return USAGE;
      }
      Instant from = Instant.now().minus(Duration.ofDays(days));
      try {
        Snapshotter.Result r = Snapshotter.record(client, outDir, from);
        out.println("recorded " + r.pipelines() + " pipelines and " + r.builds() + " builds created since " + r.from()
            + " into " + r.directory() + " (" + r.requests() + " requests)");
        if (entities != null) {
          int n = Snapshotter.copyEntities(entities, outDir);
          out.println("copied " + n + " entity descriptor" + (n == 1 ? "" : "s") + " into " + outDir.resolve("entities"));
        } else if (!java.nio.file.Files.isDirectory(outDir.resolve("entities"))) {
          err.println("note: " + outDir + " has no entities/: use it as --data " + outDir + " --entities DIR, or record"
              + " it with --entities DIR to copy the descriptors in");
        }
        return 0;
      } catch (BuildkiteException e) {
        err.println("error[data]: " + client.redact(e.getMessage()));
        return 1;
      } catch (IOException e) {
        err.println("error: cannot write " + outDir + ": " + client.redact(String.valueOf(e.getMessage())));
        return 1;
      }
    }
  }
}
