package dev.cql.cli;

import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import dev.cql.buildkite.Snapshotter;
import dev.cql.store.BuildStore;
import dev.cql.store.StoreLocation;
import dev.cql.store.StoreSync;
import dev.cql.store.SyncState;
import dev.cql.store.WebhookReceiver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cql buildkite serve|snapshot}: the Buildkite simulator and the snapshot recorder. Exit codes: 0
 * success, 1 data error, 64 bad usage.
 */
@Command(
    name = "buildkite",
    description = "Buildkite data: serve a snapshot over the REST API, record an organization into one, sync a build store, receive webhooks.",
    mixinStandardHelpOptions = true,
    subcommands = {BuildkiteCommand.Serve.class, BuildkiteCommand.Snapshot.class, BuildkiteCommand.Sync.class, BuildkiteCommand.Webhooks.class})
public class BuildkiteCommand implements Callable<Integer> {

  /** Environment variables, as every command reads them: {@link Sessions#env} (tests replace it). */
  static String env(String name) {
    return Sessions.env.apply(name);
  }

  static final int USAGE = 64;

  /**
   * {@code --org} and {@code --api-url} of the commands that call the API, and the checks and client every one of
   * them makes from those and BUILDKITE_API_TOKEN; each check prints its usage error and answers null.
   */
  static final class ApiOptions {
    @Option(names = "--org", paramLabel = "SLUG", description = "organization slug (default: BUILDKITE_ORGANIZATION_SLUG)")
    String org;

    @Option(names = "--api-url", paramLabel = "URL", description = "replaces https://api.buildkite.com (plain http only to a loopback address)")
    String apiUrl;

    /** --org, else BUILDKITE_ORGANIZATION_SLUG (null when neither is set). */
    String slug() {
      return org != null ? org : env("BUILDKITE_ORGANIZATION_SLUG");
    }

    /** BUILDKITE_API_TOKEN, or null after saying it is missing. */
    static String token(PrintWriter err) {
      String token = env("BUILDKITE_API_TOKEN");
      if (token == null || token.isBlank()) {
        err.println("error: set BUILDKITE_API_TOKEN to an API access token with the read_pipelines and read_builds scopes");
        return null;
      }
      return token;
    }

    /** Whether an organization is given; says so when it is not. */
    static boolean hasSlug(String slug, PrintWriter err) {
      if (slug == null || slug.isBlank()) {
        err.println("error: give --org SLUG (or set BUILDKITE_ORGANIZATION_SLUG)");
        return false;
      }
      return true;
    }

    /** The client (its log silent: the commands print what happened), or null after saying why the URL is refused. */
    BuildkiteClient client(String slug, String token, PrintWriter err) {
      try {
        BuildkiteClient.Builder b = BuildkiteClient.builder(slug, token).log(line -> { });
        if (apiUrl != null) {
          b.baseUrl(apiUrl);
        }
        return b.build();
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return null;
      }
    }
  }

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

    @Mixin ApiOptions api = new ApiOptions();

    @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "builds created in the last N days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--entities", paramLabel = "DIR", description = "entity descriptors (*.yaml) to copy into the snapshot's entities/")
    Path entities;


    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String token = ApiOptions.token(err);
      String slug = api.slug();
      if (token == null || !ApiOptions.hasSlug(slug, err)) {
        return USAGE;
      }
      if (days < 1) {
        err.println("error: --days must be at least 1");
        return USAGE;
      }
      BuildkiteClient client = api.client(slug, token, err);
      if (client == null) {
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

  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      description = {
          "Brings a build store up to date with an organization: the first sync fetches the builds of the last --days days,",
          "later ones only what was created or finished since (pages fetched concurrently within the API's rate limit).",
          "With --data DIR it imports a snapshot directory instead. The token is read from BUILDKITE_API_TOKEN and never stored.",
          "Prints what it did, with the number of API requests sent. Exit 0 done, 1 data error, 64 bad usage."})
  public static class Sync implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ApiOptions api = new ApiOptions();

    @Option(names = "--store", paramLabel = "STORE", description = {"a file (SQLite), jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB",
        "(default: $XDG_CACHE_HOME/cql/, else ~/.cache/cql/, one file per API host and organization)"})
    String store;

    @Option(names = "--days", paramLabel = "N", description = "the window the store keeps, in days (default: the store's setting; 30 for a new store)")
    Integer days;

    @Option(names = "--data", paramLabel = "DIR", description = "import this snapshot directory (pipelines.json, builds.json) instead of calling the API")
    Path data;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "pages fetched at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--now", paramLabel = "ISO-8601", description = "the evaluation clock the window must cover (default: the real time)")
    String now;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (concurrency < 1 || concurrency > 16 || (days != null && (days < 1 || days > 3650))) {
        err.println("error: --concurrency must be 1..16 and --days 1..3650");
        return USAGE;
      }
      String slug = api.slug();
      String apiBase; // the API the store belongs to (a snapshot import needs no token, hence no client)
      try {
        apiBase = BuildkiteClient.baseUrlOf(api.apiUrl);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
      if (data != null) {
        return importSnapshot(out, err, slug, apiBase);
      }
      String token = ApiOptions.token(err);
      if (token == null || !ApiOptions.hasSlug(slug, err)) {
        return USAGE;
      }
      BuildkiteClient client = api.client(slug, token, err);
      if (client == null) {
        return USAGE;
      }
      StoreLocation location;
      Instant evalNow;
      try {
        location = store != null ? StoreLocation.parse(store) : StoreLocation.defaultFor(apiBase, client.organization(), Sessions.env);
        evalNow = now == null ? null : EvalCommand.parseNow(now);
      } catch (IllegalArgumentException | Main.UsageException e) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
      long t0 = System.nanoTime();
      try (BuildStore s = BuildStore.open(location)) {
        StoreSync.Options o = new StoreSync.Options().concurrency(concurrency).now(evalNow).progress(SyncProgress.forTerminal("sync " + slug))
            .log(line -> {
              err.println("cql: " + line);
              err.flush();
            });
        StoreSync.Result r = StoreSync.sync(client, s, days, null, o);
        out.println("synced " + client.organization() + " into " + s.describe() + ": " + (r.full() ? "full" : "incremental") + ", "
            + r.pipelines() + " pipelines, " + r.builds() + " builds written, " + r.requests() + " requests (" + r.pages() + " build pages) in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms; complete as of " + r.watermark() + ", builds since " + r.coverageFrom());
        return 0;
      } catch (BuildkiteException e) {
        err.println("error[data]: " + client.redact(e.getMessage()));
        return 1;
      }
    }

    private int importSnapshot(PrintWriter out, PrintWriter err, String slug, String api) {
      if (!java.nio.file.Files.isRegularFile(data.resolve("pipelines.json"))) {
        err.println("error: --data " + data + " is not a snapshot directory (no pipelines.json)");
        return USAGE;
      }
      StoreLocation location;
      try {
        String orgOfData = slug != null ? slug : StoreSync.organizationOf(data);
        location = store != null ? StoreLocation.parse(store) : StoreLocation.defaultFor(api, orgOfData, Sessions.env);
      } catch (IllegalArgumentException | BuildkiteException e) {
        err.println("error: " + e.getMessage());
        return e instanceof BuildkiteException ? 1 : USAGE;
      }
      try (BuildStore s = BuildStore.open(location)) {
        StoreSync.Imported r = StoreSync.importSnapshot(data, s, slug, api);
        out.println("imported " + r.pipelines() + " pipelines and " + r.builds() + " builds of " + r.organization() + " from " + data + " into "
            + s.describe() + "; data as of " + r.newest());
        return 0;
      } catch (BuildkiteException e) {
        err.println("error[data]: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "webhooks",
      mixinStandardHelpOptions = true,
      description = {
          "Receives Buildkite's pipeline webhooks (build.scheduled, build.running, build.failing, build.finished) and upserts",
          "each build into a store, so that a shared store stays fresh without polling. Blocks until interrupted.",
          "The webhook's token is read from BUILDKITE_WEBHOOK_TOKEN; requests must carry it as X-Buildkite-Token, or sign the",
          "body with it (X-Buildkite-Signature: timestamp=T,signature=HMAC-SHA256(token, T.BODY)) within --replay-window.",
          "Anything else gets 401 and changes nothing."})
  public static class Webhooks implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "address to listen on, e.g. 127.0.0.1:8788 (port 0: a free one)")
    String listen;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = "a file (SQLite), jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB")
    String store;

    @Option(names = "--org", paramLabel = "SLUG", description = "the organization, to bind a store that was never synced (default: the store's)")
    String org;

    @Option(names = "--api-url", paramLabel = "URL", description = "with --org: the API the store belongs to (default: https://api.buildkite.com)")
    String apiUrl;

    @Option(names = "--replay-window", paramLabel = "DURATION", defaultValue = "5m",
        description = "how far a signature's timestamp may be from the clock (default: ${DEFAULT-VALUE})")
    String replayWindow;

    /** Counted down once listening (tests). */
    final CountDownLatch started = new CountDownLatch(1);
    volatile WebhookReceiver receiver;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String token = env("BUILDKITE_WEBHOOK_TOKEN");
      if (token == null || token.isBlank()) {
        err.println("error: set BUILDKITE_WEBHOOK_TOKEN to the webhook's token (Buildkite: Settings > Notification Services > Webhook)");
        return USAGE;
      }
      InetSocketAddress address;
      StoreLocation location;
      Duration window;
      try {
        address = address(listen);
        location = StoreLocation.parse(store);
        window = Durations.parse(replayWindow, "--replay-window");
      } catch (IllegalArgumentException | Main.UsageException e) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
      try (BuildStore s = BuildStore.open(location)) {
        SyncState state = s.state();
        if (org != null) {
          state = s.bind(org, BuildkiteClient.baseUrlOf(apiUrl), 30);
        }
        if (state == null) {
          err.println("error: the store " + s.describe() + " was never synced: give --org SLUG (or run cql buildkite sync first)");
          return USAGE;
        }
        try (WebhookReceiver r = WebhookReceiver.start(address, s, token.trim(), window, java.time.Clock.systemUTC(), state.organization(), line -> {
          err.println("cql: " + line);
          err.flush();
        })) {
          receiver = r;
          out.println("http://" + address.getHostString() + ":" + r.port() + "/");
          out.flush();
          err.println("receiving Buildkite webhooks of " + state.organization() + " into " + s.describe() + "; Ctrl-C stops");
          err.flush();
          started.countDown();
          new CountDownLatch(1).await();
        }
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      } catch (BuildkiteException e) {
        err.println("error[data]: " + e.getMessage());
        return 1;
      } catch (IOException e) {
        err.println("error: cannot listen on " + listen + ": " + e.getMessage());
        return 1;
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return USAGE;
      }
    }

    static InetSocketAddress address(String hostPort) {
      String v = hostPort.trim();
      int colon = v.lastIndexOf(':');
      String host = colon < 0 ? "127.0.0.1" : v.substring(0, colon);
      String port = colon < 0 ? v : v.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--listen " + hostPort + ": want HOST:PORT, e.g. 127.0.0.1:8788");
      }
      if (p < 0 || p > 65535 || host.isEmpty()) {
        throw new IllegalArgumentException("--listen " + hostPort + ": want HOST:PORT with a port 0..65535");
      }
      return new InetSocketAddress(host, p);
    }
  }
}
