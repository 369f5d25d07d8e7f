package dev.cql.buildkite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cql.buildkite.BuildkiteClient.Page;
import dev.cql.buildkite.BuildkiteException.Reason;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a listing page by page to a consumer, so that a sync of a million builds never holds more than a
 * few pages in memory, and fetches the pages of a builds listing concurrently within the API's rate limit.
 *
 * <p>Page 1 is fetched alone. When its {@code Link} header names a {@code last} page and the listing is
 * stable (its {@code created_to} is fixed, so no build can enter it while we page), pages 2..last are fetched
 * by {@code concurrency} workers, each request gated by a {@link RateBudget}; pages reach the consumer on
 * the calling thread (in arrival order) through a small bounded queue, so the consumer needs no locking and
 * a slow consumer slows the fetching instead of filling memory. Otherwise the stream follows
 * {@code rel="next"} one page after another, which sees shifting listings at worst twice, never skips.
 *
 * <p>Buildkite refuses builds listings paged "too deep" (HTTP 400). The stream then stops at the first
 * refused page and reports, in {@link Result#truncatedBefore()}, the oldest {@code created_at} of the pages
 * it delivered: everything newer was delivered, so the caller can continue with {@code created_to} there.
 */
public final class PageStream {

  private static final Pattern PAGE = Pattern.compile("(?:^|&)page=(\\d+)");

  /** Receives each page's builds on the calling thread. */
  @FunctionalInterface
  public interface Sink {
    void accept(List<Build> builds) throws BuildkiteException;
  }

  /** Pages done so far and the total when known (-1): for progress bars. */
  @FunctionalInterface
  public interface Progress {
    void pages(long done, long total);
  }

  /**
   * @param pages pages delivered
   * @param builds builds delivered
   * @param requests requests this listing sent (retries included)
   * @param truncatedBefore when the server refused to page deeper: the oldest created_at delivered; else null
   */
  public record Result(long pages, long builds, long requests, boolean concurrent, Instant truncatedBefore) {}

  private PageStream() {}

  /**
   * Streams a builds listing. {@code concurrency} 1 fetches page after page; more fetches in parallel when
   * the query has a {@code createdTo} (a stable listing) and the server names the last page.
   */
  public static Result builds(BuildkiteClient client, BuildQuery q, int concurrency, RateBudget budget, Sink sink, Progress progress)
      throws BuildkiteException {
    long requestsBefore = client.requestsSent();
    Oldest oldest = new Oldest();
    Sink counting = builds -> {
      oldest.see(builds);
      sink.accept(builds);
    };
    URI first = client.buildsUri(q);
    Page p1;
    try {
      p1 = fetch(client, budget, first);
    } catch (BuildkiteException e) {
      if (tooDeep(e)) {
        return new Result(0, 0, client.requestsSent() - requestsBefore, false, null);
      }
      throw e;
    }
    List<Build> b1 = parse(p1);
    counting.accept(b1);
    long[] counts = {1, b1.size()};
    int last = p1.last() == null ? -1 : pageNumber(p1.last());
    progress.pages(1, last > 0 ? last : -1);
    boolean concurrent = concurrency > 1 && q.createdTo() != null && last > 2 && p1.next() != null && pageNumber(p1.next()) == 2;
    Instant truncated;
    if (concurrent) {
      truncated = parallel(client, budget, p1.last(), last, concurrency, counting, progress, counts, oldest);
    } else {
      truncated = sequential(client, budget, p1.next(), counting, progress, counts, last, oldest);
    }
    return new Result(counts[0], counts[1], client.requestsSent() - requestsBefore, concurrent, truncated);
  }

  private static Instant sequential(BuildkiteClient client, RateBudget budget, URI next, Sink sink, Progress progress, long[] counts,
      int last, Oldest oldest) throws BuildkiteException {
    java.util.Set<URI> seen = new java.util.HashSet<>();
    long maxPages = client.maxStreamPages();
    while (next != null) {
      if (!seen.add(next)) {
        throw new BuildkiteException(Reason.INCOMPLETE, "the pagination of a builds listing loops (a next link repeats an earlier page)");
      }
      if (counts[0] >= maxPages) {
        // a listing whose next links never end: the streamed pages are not held in memory, but requests are not free
        throw new BuildkiteException(Reason.INCOMPLETE, "a builds listing went on past " + maxPages + " pages; "
            + dev.cql.lang.Limit.SYNC_PAGES.explain(maxPages));
      }
      Page p;
      try {
        p = fetch(client, budget, next);
      } catch (BuildkiteException e) {
        if (tooDeep(e)) {
          return oldest.get();
        }
        throw incomplete(e, counts);
      }
      List<Build> bs = parse(p);
      sink.accept(bs);
      counts[0]++;
      counts[1] += bs.size();
      progress.pages(counts[0], Math.max(last, counts[0] + (p.next() == null ? 0 : 1)));
      next = p.next();
    }
    return null;
  }

  private record Fetched(int page, Page result, BuildkiteException error) {}

  private static Instant parallel(BuildkiteClient client, RateBudget budget, URI lastUri, int last, int concurrency, Sink sink,
      Progress progress, long[] counts, Oldest oldest) throws BuildkiteException {
    String template = lastUri.toString();
    AtomicInteger nextPage = new AtomicInteger(2);
    AtomicInteger refusedFrom = new AtomicInteger(Integer.MAX_VALUE);
    AtomicBoolean stop = new AtomicBoolean();
    BlockingQueue<Fetched> done = new ArrayBlockingQueue<>(Math.max(2, concurrency * 2));
    AtomicLong outstanding = new AtomicLong();
    int workers = Math.min(concurrency, last - 1);
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "buildkite-pages");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger running = new AtomicInteger(workers);
    for (int w = 0; w < workers; w++) {
      pool.execute(() -> {
        try {
          while (!stop.get()) {
            int k = nextPage.getAndIncrement();
            if (k > last || k >= refusedFrom.get()) {
              return;
            }
            outstanding.incrementAndGet();
            Fetched f;
            try {
              f = new Fetched(k, fetch(client, budget, client.sameListing(withPage(template, k))), null);
            } catch (BuildkiteException e) {
              if (tooDeep(e)) {
                refusedFrom.accumulateAndGet(k, Math::min);
              }
              f = new Fetched(k, null, e);
            }
            done.put(f);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          running.decrementAndGet();
        }
      });
    }
    URI tailNext = null;
    BuildkiteException failure = null;
    try {
      while (true) {
        Fetched f = done.poll(100, TimeUnit.MILLISECONDS);
        if (f == null) {
          if (running.get() == 0 && done.isEmpty()) {
            break;
          }
          continue;
        }
        if (f.error() != null) {
          if (!tooDeep(f.error()) && failure == null) {
            failure = f.error();
            stop.set(true);
          }
          continue;
        }
        if (failure != null || f.page() >= refusedFrom.get()) {
          continue;
        }
        List<Build> bs = parse(f.result());
        sink.accept(bs);
        counts[0]++;
        counts[1] += bs.size();
        progress.pages(counts[0], last);
        if (f.page() == last && f.result().next() != null) {
          tailNext = f.result().next(); // the listing grew past its last page while we paged
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new BuildkiteException(Reason.NETWORK, "interrupted while fetching pages", e);
    } catch (BuildkiteException | RuntimeException e) {
      stop.set(true);
      pool.shutdownNow();
      throw e;
    } finally {
      stop.set(failure != null || stop.get());
      pool.shutdownNow();
    }
    if (failure != null) {
      throw incomplete(failure, counts);
    }
    if (refusedFrom.get() != Integer.MAX_VALUE) {
      return oldest.get();
    }
    if (tailNext != null) {
      return sequential(client, budget, tailNext, sink, progress, counts, last, oldest);
    }
    return null;
  }

  private static Page fetch(BuildkiteClient client, RateBudget budget, URI uri) throws BuildkiteException {
    budget.acquire();
    Page p = null;
    try {
      p = client.page(uri);
      return p;
    } finally {
      budget.release(p == null ? client.lastRateLimit() : p.rateLimit());
    }
  }

  private static List<Build> parse(Page p) {
    List<Build> out = new ArrayList<>(p.items().size());
    for (JsonNode n : p.items()) {
      out.add(BuildkiteJson.build(n));
    }
    return out;
  }

  /** Whether Buildkite refused a page as too deep (400 "Listing builds this deep is not supported"). */
  static boolean tooDeep(BuildkiteException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("this deep");
  }

  private static BuildkiteException incomplete(BuildkiteException e, long[] counts) {
    return new BuildkiteException(e.reason() == Reason.INCOMPLETE ? Reason.INCOMPLETE : e.reason(),
        e.getMessage() + " (after " + counts[0] + " page(s), " + counts[1] + " builds)", e);
  }

  static int pageNumber(URI u) {
    String q = u.getRawQuery();
    if (q == null) {
      return -1;
    }
    Matcher m = PAGE.matcher(q);
    int page = -1;
    while (m.find()) {
      try {
        page = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return page;
  }

  static URI withPage(String template, int page) {
    return URI.create(template.replaceAll("([?&])page=\\d+", "$1page=" + page));
  }

  /** The oldest created_at delivered. */
  private static final class Oldest {
    private Instant t;

    synchronized void see(List<Build> builds) {
      for (Build b : builds) {
        if (b.createdAt() != null && (t == null || b.createdAt().isBefore(t))) {
          t = b.createdAt();
        }
      }
    }

    synchronized Instant get() {
      return t;
    }
  }
}
