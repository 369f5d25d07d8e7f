package dev.cql.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildQuery;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteException.Reason;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteJson;
import dev.cql.buildkite.PageStream;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RateBudget;
import dev.cql.buildkite.SnapshotSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a {@link BuildStore} up to date with an organization, or imports a snapshot into one.
 *
 * <h2>What a sync fetches</h2>
 * <ul>
 *   <li>Always the pipeline list (the store's list is replaced: pipelines gone from it become unlisted).
 *   <li>The first sync (or when the window kept grows): every build created in {@code [now - days, T0)},
 *       where T0 is the sync's start, as one org-wide listing whose pages are fetched concurrently within
 *       the rate limit ({@link PageStream}).
 *   <li>Later syncs: builds created since the last complete sync's start less an overlap margin, and
 *       builds finished since then (a build created earlier that finished meanwhile): with nothing
 *       new, one page each, so pipelines + 2 requests.
 * </ul>
 * Every page is upserted as it arrives (one transaction per page), so a sync holds a few pages in memory
 * and applying a page twice changes nothing. The sync state (the watermark T0) is written only when
 * everything was fetched: an interrupted sync leaves the last complete one as it was (plus newer builds),
 * and the next sync starts again from the old watermark. A lease in the store keeps concurrent processes
 * from syncing the same store at once; a process that finds one running waits for it.
 */
public final class StoreSync {

  /** What a sync did. */
  public record Result(boolean full, int pipelines, long builds, long requests, long pages, Instant watermark, Instant coverageFrom,
      boolean byAnotherProcess, Duration rateLimitWait) {}

  /** Settings; every setter returns this. */
  public static final class Options {
    int concurrency = 4;
    Duration overlap = Duration.ofMinutes(10);
    Duration leaseTtl = Duration.ofMinutes(2);
    Duration leaseWait = Duration.ofMinutes(30);
    int reserve = -1;
    Clock clock = Clock.systemUTC();
    Instant now;
    PageStream.Progress progress = (done, total) -> { };
    Consumer<String> log = line -> { };

    public Options concurrency(int n) {
      this.concurrency = Math.max(1, n);
      return this;
    }

    /** How far before the last sync's start a later sync looks again (default 10 minutes). */
    public Options overlap(Duration d) {
      this.overlap = Objects.requireNonNull(d);
      return this;
    }

    /** Requests left in each rate-limit window for other clients (default: a tenth of the limit, at least 1). */
    public Options reserve(int n) {
      this.reserve = n;
      return this;
    }

    /** The evaluation clock ({@code --now}): the window kept reaches back from the earlier of it and the real time. */
    public Options now(Instant t) {
      this.now = t;
      return this;
    }

    public Options clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public Options progress(PageStream.Progress p) {
      this.progress = Objects.requireNonNull(p);
      return this;
    }

    public Options log(Consumer<String> l) {
      this.log = Objects.requireNonNull(l);
      return this;
    }

    public Options leaseWait(Duration d) {
      this.leaseWait = Objects.requireNonNull(d);
      return this;
    }
  }

  private StoreSync() {}

  /**
   * Syncs {@code client}'s organization into {@code store}. {@code days} (null: the store's setting, 30 for a
   * new store) is the window kept. {@code unlessFresherThan} non-null: when another process's sync
   * completes while this one waits for its lease and leaves the store that fresh, nothing is fetched.
   */
  public static Result sync(BuildkiteClient client, BuildStore store, Integer days, Duration unlessFresherThan, Options o)
      throws BuildkiteException {
    String api = client.baseUrl().toString();
    SyncState s = store.bind(client.organization(), api, days != null ? days : 30);
    if (days != null && days != s.retentionDays()) {
      store.setRetentionDays(days);
      s = store.state();
    }
    String owner = UUID.randomUUID().toString();
    long waitedFor = s.generation();
    Instant deadline = o.clock.instant().plus(o.leaseWait);
    while (!store.tryLease(owner, o.leaseTtl, o.clock.instant())) {
      if (o.clock.instant().isAfter(deadline)) {
        throw new StoreException("another process has been syncing " + store.describe() + " for longer than " + o.leaseWait.toMinutes() + " min");
      }
      o.log.accept("another process is syncing " + store.describe() + "; waiting for it");
      sleep(500);
      SyncState now = store.state();
      if (unlessFresherThan != null && now.generation() != waitedFor && now.complete()
          && now.age(o.clock.instant()).compareTo(unlessFresherThan) <= 0) {
        return new Result(false, 0, 0, 0, 0, now.watermark(), now.coverageFrom(), true, Duration.ZERO);
      }
    }
    try {
      Result r = syncLeased(client, store, store.state(), owner, o);
      return r;
    } catch (BuildkiteException | RuntimeException e) {
      try {
        store.releaseLease(owner, e.getMessage());
      } catch (StoreException ignored) {
        // the original failure matters more
      }
      throw e;
    }
  }

  private static Result syncLeased(BuildkiteClient client, BuildStore store, SyncState s, String owner, Options o) throws BuildkiteException {
    Instant t0 = o.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant evalNow = o.now != null && o.now.isBefore(t0) ? o.now : t0;
    Instant from = evalNow.minus(Duration.ofDays(s.retentionDays()));
    long before = client.requestsSent();
    List<Pipeline> pipelines = client.listPipelines();
    store.replacePipelines(pipelines);
    int reserve = o.reserve >= 0 ? o.reserve : Math.max(1, (int) Math.max(client.lastRateLimit().limit(), client.lastRateLimit().userLimit()) / 10);
    RateBudget budget = new RateBudget(reserve);
    long[] builds = {0};
    long pages = 0;
    PageStream.Sink sink = bs -> {
      builds[0] += store.upsertBuilds(bs);
      store.renewLease(owner, o.leaseTtl, o.clock.instant());
    };
    boolean full = !s.complete() || s.coverageFrom() == null || s.coverageFrom().isAfter(from);
    Instant coverage;
    if (full) {
      // the whole window, as one stable listing (created_to fixed), continued past Buildkite's depth limit
      Instant to = t0;
      while (true) {
        PageStream.Result r = PageStream.builds(client, BuildQuery.organization().withCreatedFrom(from).withCreatedTo(to),
            o.concurrency, budget, sink, o.progress);
        pages += r.pages();
        if (r.truncatedBefore() == null) {
          break;
        }
        if (!r.truncatedBefore().isBefore(to.minusSeconds(1)) || r.pages() == 0) {
          throw new BuildkiteException(Reason.INCOMPLETE, "Buildkite refused to page deeper into the builds created before " + to
              + " and the listing cannot be narrowed further");
        }
        o.log.accept("Buildkite refused to page deeper; continuing with the builds created before " + r.truncatedBefore());
        to = r.truncatedBefore().plusSeconds(1); // overlapping by a second: pages may split equal timestamps
      }
      coverage = from;
    } else {
      Instant since = s.watermark().minus(o.overlap);
      PageStream.Result created = PageStream.builds(client, BuildQuery.organization().withCreatedFrom(since).withCreatedTo(t0),
          o.concurrency, budget, sink, o.progress);
      // builds created earlier that finished since: a listing that can grow while we page, so page by page
      PageStream.Result finished = PageStream.builds(client, BuildQuery.organization().withFinishedFrom(since), 1, budget, sink, o.progress);
      pages += created.pages() + finished.pages();
      if (created.truncatedBefore() != null || finished.truncatedBefore() != null) {
        throw new BuildkiteException(Reason.INCOMPLETE, "Buildkite refused to page deeper into the builds changed since " + since);
      }
      coverage = from.isAfter(s.coverageFrom()) ? from : s.coverageFrom();
    }
    store.pruneBefore(coverage);
    long requests = client.requestsSent() - before;
    store.completeSync(owner, t0, coverage, requests, o.clock.instant());
    return new Result(full, pipelines.size(), builds[0], requests, pages, t0, coverage, false, budget.waited());
  }

  // ------------------------------------------------------------------ snapshots

  private static final Pattern ORG_URL = Pattern.compile("/organizations/([^/]+)/");

  /** The organization a snapshot's pipelines belong to (from their API URLs), or a SNAPSHOT error. */
  public static String organizationOf(Path dir) throws BuildkiteException {
    for (JsonNode n : readAll(dir.resolve(SnapshotSource.PIPELINES_FILE))) {
      Matcher m = ORG_URL.matcher(n.path("url").asText(""));
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new BuildkiteException(Reason.SNAPSHOT, "cannot tell the organization of " + dir + " from its pipelines' URLs: give --org");
  }

  /** What an import stored. */
  public record Imported(String organization, int pipelines, long builds, Instant newest) {}

  /**
   * Imports a snapshot directory (interfaces.md) into a store, streaming {@code builds.json} so that its size
   * does not bound memory. The store is bound to {@code organization} (null: read from the pipelines' URLs)
   * of {@code apiUrl}; the import counts as a complete sync as of the newest build's creation (so the data's
   * age is the snapshot's, not the import's).
   */
  public static Imported importSnapshot(Path dir, BuildStore store, String organization, String apiUrl) throws BuildkiteException {
    Path pf = dir.resolve(SnapshotSource.PIPELINES_FILE);
    Path bf = dir.resolve(SnapshotSource.BUILDS_FILE);
    List<Pipeline> pipelines = new ArrayList<>();
    String guessed = null;
    int i = 0;
    for (JsonNode n : readAll(pf)) {
      i++;
      Pipeline p = BuildkiteJson.pipeline(n);
      if (p.slug() == null) {
        throw new BuildkiteException(Reason.SNAPSHOT, pf + ": pipeline " + i + " has no slug");
      }
      if (guessed == null && p.url() != null) {
        Matcher m = ORG_URL.matcher(p.url());
        if (m.find()) {
          guessed = m.group(1);
        }
      }
      pipelines.add(p);
    }
    String org = organization != null ? organization : guessed != null ? guessed : "unknown";
    SyncState s = store.bind(org, apiUrl, 30);
    String owner = UUID.randomUUID().toString();
    if (!store.tryLease(owner, Duration.ofMinutes(10), Instant.now())) {
      throw new StoreException("another process is syncing " + store.describe() + "; try again when it is done");
    }
    try {
      store.replacePipelines(pipelines);
      Instant[] range = {null, null};
      long[] count = {0};
      List<Build> batch = new ArrayList<>();
      int[] index = {0};
      stream(bf, n -> {
        index[0]++;
        Build b = BuildkiteJson.build(n);
        if (b.pipeline() == null || b.pipeline().slug() == null) {
          throw new BuildkiteException(Reason.SNAPSHOT, bf + ": build " + index[0] + " (number " + b.number() + ") has no embedded pipeline with a slug");
        }
        Instant c = b.createdAt();
        if (c != null) {
          range[0] = range[0] == null || c.isBefore(range[0]) ? c : range[0];
          range[1] = range[1] == null || c.isAfter(range[1]) ? c : range[1];
        }
        batch.add(b);
        if (batch.size() >= 1000) {
          count[0] += store.upsertBuilds(batch);
          batch.clear();
          store.renewLease(owner, Duration.ofMinutes(10), Instant.now());
        }
      });
      count[0] += store.upsertBuilds(batch);
      Instant newest = range[1] != null ? range[1] : Instant.now();
      Instant oldest = range[0] != null ? range[0] : newest;
      Instant coverage = s.coverageFrom() != null && s.coverageFrom().isBefore(oldest) ? s.coverageFrom() : oldest;
      store.completeSync(owner, newest, coverage, 0, Instant.now());
      return new Imported(org, pipelines.size(), count[0], newest);
    } catch (BuildkiteException | RuntimeException e) {
      store.releaseLease(owner, e.getMessage());
      throw e;
    }
  }

  @FunctionalInterface
  private interface NodeSink {
    void accept(JsonNode n) throws BuildkiteException;
  }

  private static List<JsonNode> readAll(Path file) throws BuildkiteException {
    List<JsonNode> out = new ArrayList<>();
    stream(file, out::add);
    return out;
  }

  /** Each object of a JSON array file, one at a time; SNAPSHOT errors name the file. */
  private static void stream(Path file, NodeSink sink) throws BuildkiteException {
    try (InputStream in = Files.newInputStream(file); JsonParser p = BuildkiteJson.mapper().getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " is not a JSON array of objects");
      }
      int i = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + ": element " + i + " is not an object");
        }
        JsonNode n = BuildkiteJson.mapper().readTree(p);
        sink.accept(n);
        i++;
      }
    } catch (NoSuchFileException e) {
      throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " does not exist", e);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      int nl = m.indexOf('\n');
      throw new BuildkiteException(Reason.SNAPSHOT, "snapshot file " + file + " is not a JSON array of objects: " + (nl < 0 ? m : m.substring(0, nl)), e);
    }
  }

  private static void sleep(long ms) throws BuildkiteException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildkiteException(Reason.NETWORK, "interrupted while waiting for another sync", e);
    }
  }
}
