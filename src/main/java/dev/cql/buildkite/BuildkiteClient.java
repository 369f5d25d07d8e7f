package dev.cql.buildkite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cql.buildkite.BuildkiteException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only client of Buildkite's REST API v2 over {@link HttpClient}.
 *
 * <ul>
 *   <li>Auth: {@code Authorization: Bearer <token>}. The token appears in no log line, exception message or
 *       {@link #toString()}; server text quoted in messages is scrubbed of it too.
 *   <li>Base URL: {@code https://api.buildkite.com} by default; plain {@code http} is accepted only for a
 *       loopback address (127.0.0.0/8, ::1, localhost), anything else is an {@link IllegalArgumentException}.
 *   <li>Lists are fetched with {@code per_page=100}, following the {@code Link} header's {@code rel="next"}.
 *       A next link pointing at another host is re-based onto the configured base URL, so the token is
 *       never sent anywhere else. A failure after the first page is an {@link Reason#INCOMPLETE} error:
 *       a list is complete or it is an error, never silently short.
 *   <li>Politeness: a {@link Semaphore} bounds the requests in flight; when {@code RateLimit-Remaining}
 *       reaches 0 further requests wait for the reset it names; a 429 waits for {@code RateLimit-Reset}
 *       (or {@code RateLimit-User-Reset}, or the body's {@code reset}) and retries; 5xx, timeouts,
 *       dropped connections and unparseable bodies are retried with jittered exponential backoff, at most
 *       {@code maxTries} attempts in all.
 *   <li>401, 403 and 404 become {@link BuildkiteException}s that say what to fix (the missing scope, whether
 *       the organization or the pipeline was not found); a 3xx is reported as a redirect and never followed,
 *       so the token goes nowhere but the configured host.
 *   <li>Bounds: a 429's wait is the longest of its hints ({@code Retry-After}, {@code RateLimit-Reset}, the
 *       body's {@code reset}) and the backoff, and one longer than {@code maxRateLimitWait} or past the deadline
 *       gives up at once; a timeout is retried fewer times than a 5xx ({@code maxTimeoutTries}); each listing has
 *       a deadline ({@code listingDeadline}, and {@link #withDeadline} for a whole sync); a response body is at
 *       most limit 'response-size' bytes and a listing at most 'listing-pages' pages, 'listing-items' items and
 *       'listing-bytes' bytes (see {@link dev.cql.lang.Limit}), else a {@code data} error.
 * </ul>
 *
 * <p>Thread-safe; one instance can serve many threads.
 */
public final class BuildkiteClient {

  public static final String DEFAULT_BASE_URL = "https://api.buildkite.com";
  private static final int MAX_PAGES = 100_000;
  private static final Pattern SCOPE = Pattern.compile("have the ([a-z_]+) scope");
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([^\",;]+)\"?");

  private final String organization;
  private final String token;
  private final URI base;
  private volatile HttpClient http; // created by the first request (http())
  private final Semaphore permits;
  private final int maxTries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final Duration maxRateLimitWait;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final int perPage;
  private final int maxTimeoutTries;
  private final Duration listingDeadline;
  private final long maxResponseBytes;
  private final long maxPages;
  private final long maxStreamPages;
  private final long maxItems;
  private final long maxListingBytes;
  private final Consumer<String> log;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong pausedUntilNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicReference<RateLimitStatus> lastRateLimit = new AtomicReference<>(RateLimitStatus.UNKNOWN);

  private BuildkiteClient(Builder b) {
    this.organization = b.organization;
    this.token = b.token;
    this.base = b.base;
    this.permits = new Semaphore(b.maxConcurrency, true);
    this.maxTries = b.maxTries;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.maxRateLimitWait = b.maxRateLimitWait;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.perPage = b.perPage;
    this.maxTimeoutTries = b.maxTimeoutTries;
    this.listingDeadline = b.listingDeadline;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxPages = b.maxPages;
    this.maxStreamPages = b.maxStreamPages;
    this.maxItems = b.maxItems;
    this.maxListingBytes = b.maxListingBytes;
    Consumer<String> sink = b.log != null ? b.log : defaultLog();
    this.log = line -> sink.accept(redact(line));
  }

  /**
   * The HTTP client, created by the first request: an HttpClient costs a selector thread and about 60 classes,
   * and its default TLS set-up (security providers, trust store, certificates) about 430 more, which a run that
   * fetches nothing never needs. Plain http (loopback only, see {@link #checkBaseUrl}) gets a TLS context that
   * does nothing ({@link NoTls}), so talking to a local simulator sets up no TLS either: redirects are never
   * followed and next links are re-based on the base URL, so such a client only ever speaks http.
   */
  private HttpClient http() {
    HttpClient h = http;
    if (h == null) {
      synchronized (this) {
        if (http == null) {
          HttpClient.Builder hb = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER);
          if (base.getScheme().equals("http")) {
            hb.sslContext(NoTls.CONTEXT).sslParameters(new javax.net.ssl.SSLParameters());
          }
          http = hb.build();
        }
        h = http;
      }
    }
    return h;
  }

  /** The TLS context of a plain-http client: it is never asked for a connection, and would refuse one. */
  private static final class NoTls extends javax.net.ssl.SSLContextSpi {
    static final javax.net.ssl.SSLContext CONTEXT = new javax.net.ssl.SSLContext(new NoTls(), null, "none") {};

    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("this client speaks plain http only");
    }

    @Override
    protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, java.security.SecureRandom r) {}

    @Override
    protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }

  public static Builder builder(String organization, String token) {
    return new Builder(organization, token);
  }

  /** Options of a client; every delay is configurable so tests can run fast. */
  public static final class Builder {
    private final String organization;
    private final String token;
    private URI base;
    private int maxConcurrency = 4;
    private int maxTries = 5;
    private Duration retryBaseDelay = Duration.ofMillis(500);
    private Duration retryMaxDelay = Duration.ofSeconds(30);
    private Duration maxRateLimitWait = Duration.ofSeconds(120);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int perPage = 100;
    private int maxTimeoutTries = 2;
    private Duration listingDeadline = Duration.ofMinutes(5);
    private long maxResponseBytes = dev.cql.lang.Limit.RESPONSE_SIZE.value();
    private long maxPages = dev.cql.lang.Limit.LISTING_PAGES.value();
    private long maxStreamPages = dev.cql.lang.Limit.SYNC_PAGES.value();
    private long maxItems = dev.cql.lang.Limit.LISTING_ITEMS.value();
    private long maxListingBytes = dev.cql.lang.Limit.LISTING_BYTES.value();
    private Consumer<String> log;

    private Builder(String organization, String token) {
      if (organization == null || organization.isBlank()) {
        throw new IllegalArgumentException("a Buildkite organization slug is required (--org or BUILDKITE_ORGANIZATION_SLUG)");
      }
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("a Buildkite API token is required (BUILDKITE_API_TOKEN)");
      }
      this.organization = organization.trim();
      this.token = token.trim();
      this.base = URI.create(DEFAULT_BASE_URL);
    }

    /** Replaces https://api.buildkite.com; plain http only to a loopback address. */
    public Builder baseUrl(String url) {
      try {
        this.base = checkBaseUrl(url);
      } catch (IllegalArgumentException e) {
        // the URL is echoed in the message: never the token with it, should it be pasted there
        throw new IllegalArgumentException(Secrets.redact(e.getMessage(), token));
      }
      return this;
    }

    /** Requests in flight at most (default 4). */
    public Builder maxConcurrency(int n) {
      this.maxConcurrency = positive(n, "maxConcurrency");
      return this;
    }

    /** Attempts per request including the first (default 5). */
    public Builder maxTries(int n) {
      this.maxTries = positive(n, "maxTries");
      return this;
    }

    /** First retry delay, doubled per attempt with jitter (default 500 ms). */
    public Builder retryBaseDelay(Duration d) {
      this.retryBaseDelay = Objects.requireNonNull(d);
      return this;
    }

    public Builder retryMaxDelay(Duration d) {
      this.retryMaxDelay = Objects.requireNonNull(d);
      return this;
    }

    /** The longest rate-limit reset the client waits for before giving up with RATE_LIMITED (default 120 s). */
    public Builder maxRateLimitWait(Duration d) {
      this.maxRateLimitWait = Objects.requireNonNull(d);
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** Attempts per request when each one times out (default 2): a silent server is not worth five waits. */
    public Builder maxTimeoutTries(int n) {
      this.maxTimeoutTries = positive(n, "maxTimeoutTries");
      return this;
    }

    /** The longest one listing (all its pages, retries and waits) may take (default 5 min). */
    public Builder listingDeadline(Duration d) {
      this.listingDeadline = Objects.requireNonNull(d);
      return this;
    }

    /** The largest response body read (default: limit 'response-size'). */
    public Builder maxResponseBytes(long n) {
      this.maxResponseBytes = n;
      return this;
    }

    /**
     * Most pages one streamed listing (a sync into the store) may have (default: limit 'sync-pages'); streamed
     * pages are not held in memory, so the bound is on requests, far above the in-memory listing's.
     */
    public Builder streamBound(long pages) {
      this.maxStreamPages = pages;
      return this;
    }

    /** Bounds of one listing: pages, items and bytes (defaults: limits 'listing-pages', 'listing-items', 'listing-bytes'). */
    public Builder listingBounds(long pages, long items, long bytes) {
      this.maxPages = pages;
      this.maxItems = items;
      this.maxListingBytes = bytes;
      return this;
    }

    /** Page size, 1..100 (default 100; smaller only for tests). */
    public Builder perPage(int n) {
      if (n < 1 || n > 100) {
        throw new IllegalArgumentException("perPage must be 1..100");
      }
      this.perPage = n;
      return this;
    }

    /** Where log lines go (default: System.Logger "dev.cql.buildkite" at DEBUG). Lines never hold the token. */
    public Builder log(Consumer<String> sink) {
      this.log = sink;
      return this;
    }

    public BuildkiteClient build() {
      return new BuildkiteClient(this);
    }

    private static int positive(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1");
      }
      return n;
    }
  }

  /**
   * The base URL, as text, that a client built with {@link Builder#baseUrl baseUrl(url)} talks to (null: the
   * default), for naming an API without building a client; an IllegalArgumentException for a URL it refuses.
   */
  public static String baseUrlOf(String url) {
    return url == null ? DEFAULT_BASE_URL : checkBaseUrl(url).toString();
  }

  /** Validates a base URL: https anywhere, http only to loopback; no path beyond "/", no query. */
  static URI checkBaseUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("empty API URL");
    }
    URI u;
    try {
      u = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("the API URL must be https://host[:port] (or http:// to a loopback address): " + url);
    }
    if (scheme.equals("http") && !isLoopback(u.getHost())) {
      throw new IllegalArgumentException(
          "refusing plain http to " + u.getHost() + ": the token would travel unencrypted; use https, or http only to 127.0.0.1/::1/localhost");
    }
    if (u.getRawQuery() != null || u.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the API URL must not carry a query or user info: " + u.getScheme() + "://" + u.getHost());
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    try {
      return new URI(scheme, null, u.getHost(), u.getPort(), path.isEmpty() ? null : path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url);
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // only IP literals are resolved here: no DNS lookup of arbitrary names
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public String organization() {
    return organization;
  }

  /** The API base URL (no token in it). */
  public URI baseUrl() {
    return base;
  }

  /** Most pages one streamed listing may have ({@link Builder#streamBound}). */
  public long maxStreamPages() {
    return maxStreamPages;
  }

  /** HTTP requests sent so far, retries included. */
  public long requestsSent() {
    return requests.get();
  }

  /** The RateLimit-* headers of the latest response that had them. */
  public RateLimitStatus lastRateLimit() {
    return lastRateLimit.get();
  }

  /** Every pipeline of the organization, in the server's order. */
  public List<Pipeline> listPipelines() throws BuildkiteException {
    List<JsonNode> raw = listRaw(orgPath() + "/pipelines", Map.of());
    List<Pipeline> out = new ArrayList<>(raw.size());
    raw.forEach(n -> out.add(BuildkiteJson.pipeline(n)));
    return out;
  }

  /** Builds matching the query, in the server's order (newest first), without duplicates. */
  public List<Build> listBuilds(BuildQuery q) throws BuildkiteException {
    List<JsonNode> raw = listRaw(buildsPath(q), buildParams(q));
    List<Build> out = new ArrayList<>(raw.size());
    Set<String> seen = new HashSet<>();
    for (JsonNode n : raw) {
      Build b;
      try {
        b = BuildkiteJson.build(n);
      } catch (BuildkiteJson.MalformedRecord e) {
        throw new BuildkiteException(Reason.MALFORMED, redact("GET " + buildsPath(q) + " returned a malformed " + e.getMessage()));
      }
      // pages shift when builds are created while we page: a build can show up twice
      if (b.id() == null || seen.add(b.id())) {
        out.add(b);
      }
    }
    return out;
  }

  /** The raw objects of a builds listing (for snapshots). */
  public List<JsonNode> listBuildsRaw(BuildQuery q) throws BuildkiteException {
    return listRaw(buildsPath(q), buildParams(q));
  }

  /** The raw objects of the pipelines listing. */
  public List<JsonNode> listPipelinesRaw() throws BuildkiteException {
    return listRaw(orgPath() + "/pipelines", Map.of());
  }

  private String orgPath() {
    return "/v2/organizations/" + enc(organization);
  }

  private String buildsPath(BuildQuery q) {
    return q.pipeline() == null ? orgPath() + "/builds" : orgPath() + "/pipelines/" + enc(q.pipeline()) + "/builds";
  }

  private static Map<String, List<String>> buildParams(BuildQuery q) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    multi(p, "branch", q.branches());
    multi(p, "commit", q.commits());
    multi(p, "state", q.states());
    single(p, "created_from", q.createdFrom());
    single(p, "created_to", q.createdTo());
    single(p, "finished_from", q.finishedFrom());
    if (q.excludeJobs()) {
      p.put("exclude_jobs", List.of("true"));
    }
    return p;
  }

  private static void multi(Map<String, List<String>> p, String name, List<String> values) {
    if (values.size() == 1) {
      p.put(name, values);
    } else if (!values.isEmpty()) {
      p.put(name + "[]", values);
    }
  }

  private static void single(Map<String, List<String>> p, String name, Instant t) {
    if (t != null) {
      p.put(name, List.of(t.toString()));
    }
  }

  /**
   * Every item of a paginated list endpoint. {@code path} starts with /v2; {@code params} are query
   * parameters (repeated for lists); {@code per_page} is added.
   */
  public List<JsonNode> listRaw(String path, Map<String, List<String>> params) throws BuildkiteException {
    StringBuilder query = new StringBuilder();
    params.forEach((k, vs) -> vs.forEach(v -> query.append(query.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v))));
    query.append(query.length() == 0 ? "" : "&").append("per_page=").append(perPage);
    URI uri = URI.create(base + path + "?" + query);
    long deadline = deadlineFor(listingDeadline);
    List<JsonNode> items = new ArrayList<>();
    Set<URI> visited = new HashSet<>();
    int pages = 0;
    long bytes = 0;
    while (uri != null) {
      if (!visited.add(uri)) {
        throw new BuildkiteException(Reason.INCOMPLETE,
            "the pagination of GET " + path + " loops (page " + (pages + 1) + " repeats an earlier one); stopped after " + items.size() + " items");
      }
      if (pages >= maxPages) {
        throw bound(path, pages, items.size(), "more than " + maxPages + " pages", dev.cql.lang.Limit.LISTING_PAGES, maxPages);
      }
      Page page;
      try {
        page = get(uri, deadline);
      } catch (BuildkiteException e) {
        if (pages == 0) {
          throw e;
        }
        throw new BuildkiteException(Reason.INCOMPLETE,
            redact("incomplete listing of GET " + path + ": page " + (pages + 1) + " failed after " + pages + " page(s) ("
                + items.size() + " items) were read: " + e.getMessage()), e);
      }
      items.addAll(page.items);
      pages++;
      bytes += page.bytes;
      if (items.size() > maxItems) {
        throw bound(path, pages, items.size(), "more than " + maxItems + " items", dev.cql.lang.Limit.LISTING_ITEMS, maxItems);
      }
      if (bytes > maxListingBytes) {
        throw bound(path, pages, items.size(), "more than " + maxListingBytes + " bytes", dev.cql.lang.Limit.LISTING_BYTES, maxListingBytes);
      }
      uri = page.next;
    }
    return items;
  }

  private static BuildkiteException bound(String path, int pages, int items, String what, dev.cql.lang.Limit limit, long value) {
    return new BuildkiteException(Reason.INCOMPLETE, "the listing GET " + path + " has " + what + " (stopped after " + pages
        + " pages, " + items + " items); " + limit.explain(value) + ". Nothing partial is used: narrow the query or raise the limit");
  }

  /** One page of a listing, with the links and rate-limit headers of its response, and its size in bytes. */
  record Page(List<JsonNode> items, URI next, URI last, RateLimitStatus rateLimit, long bytes) {}

  // ---------------------------------------------------------------- deadlines

  private static final ThreadLocal<Long> SCOPED_DEADLINE = new ThreadLocal<>();

  /** Something to run under a deadline; may throw what {@link Snapshotter}-like callers throw. */
  public interface Work<T> {
    T run() throws BuildkiteException, IOException;
  }

  /**
   * Runs {@code work} with an overall deadline on every request this thread makes through any client (a whole
   * sync): retries and rate-limit waits that would pass it give up with a clear error instead. Nested calls
   * keep the earlier deadline.
   */
  public static <T> T withDeadline(Duration d, Work<T> work) throws BuildkiteException, IOException {
    Long outer = SCOPED_DEADLINE.get();
    long mine = System.nanoTime() + Math.min(d.toNanos(), Long.MAX_VALUE / 4);
    SCOPED_DEADLINE.set(outer == null ? mine : (mine - outer < 0 ? mine : outer));
    try {
      return work.run();
    } finally {
      if (outer == null) {
        SCOPED_DEADLINE.remove();
      } else {
        SCOPED_DEADLINE.set(outer);
      }
    }
  }

  private static long deadlineFor(Duration listing) {
    long mine = System.nanoTime() + Math.min(listing.toNanos(), Long.MAX_VALUE / 4);
    Long scoped = SCOPED_DEADLINE.get();
    return scoped != null && scoped - mine < 0 ? scoped : mine;
  }

  /** Throws when waiting {@code wait} more would pass the deadline. */
  private void checkDeadline(long deadline, Duration wait, String what, BuildkiteException last) throws BuildkiteException {
    long left = deadline - System.nanoTime();
    if (left <= 0 || wait.toNanos() > left) {
      throw new BuildkiteException(last == null ? Reason.NETWORK : last.reason(), redact(what + ": giving up: "
          + (last == null ? "" : last.getMessage() + "; ") + (left <= 0 ? "the deadline has passed"
          : "waiting " + wait.toMillis() + " ms more would pass the deadline (" + left / 1_000_000 + " ms left)")
          + " (listingDeadline, or the sync's deadline)"));
    }
  }

  private Page get(URI uri, long deadline) throws BuildkiteException {
    String what = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    BuildkiteException last = null;
    Duration retryAfter = null; // set by a 429 or a 503 with Retry-After: wait that long, not the backoff
    int timeouts = 0;
    int made = 0;
    long firstAttempt = System.nanoTime();
    boolean unreachable = false; // the last attempt could not connect to the host at all
    for (int attempt = 1; attempt <= maxTries; attempt++) {
      if (attempt > 1) {
        Duration delay = retryAfter != null ? retryAfter : backoff(attempt - 1);
        if (unreachable
            && System.nanoTime() - firstAttempt + delay.toNanos() >= connectTimeout.toNanos()) {
          break; // a host that cannot be reached is given up within the connect timeout
        }
        checkDeadline(deadline, delay, what, last);
        log.accept(last.getMessage() + "; attempt " + attempt + "/" + maxTries + " in " + delay.toMillis() + " ms");
        sleep(delay);
      }
      retryAfter = null;
      unreachable = false;
      awaitRateLimitWindow(what, deadline);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        checkDeadline(deadline, Duration.ZERO, what, last);
      }
      Duration timeout = Duration.ofNanos(Math.min(requestTimeout.toNanos(), Math.max(1_000_000, left)));
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("Authorization", "Bearer " + token)
          .header("Accept", "application/json")
          .header("User-Agent", "cql-buildkite/0.1")
          .GET()
          .build();
      long started = System.nanoTime();
      HttpResponse<byte[]> response;
      acquire();
      try {
        requests.incrementAndGet();
        made++;
        response = send(request, timeout);
      } catch (java.net.http.HttpConnectTimeoutException e) {
        unreachable = true;
        last = new BuildkiteException(Reason.NETWORK, "connecting to " + hostAndPort() + " timed out after "
            + connectTimeout.toMillis() + " ms", e);
        continue;
      } catch (HttpTimeoutException e) {
        last = new BuildkiteException(Reason.NETWORK, what + " timed out after " + timeout.toMillis() + " ms", e);
        if (++timeouts >= maxTimeoutTries) {
          break;
        }
        continue;
      } catch (TooLarge e) {
        throw new BuildkiteException(Reason.MALFORMED, what + " returned a body larger than " + maxResponseBytes + " bytes; "
            + dev.cql.lang.Limit.RESPONSE_SIZE.explain(maxResponseBytes), e);
      } catch (java.net.ConnectException e) {
        unreachable = true;
        last = new BuildkiteException(Reason.NETWORK, redact(unreachable(e)), e);
        continue;
      } catch (IOException e) {
        last = new BuildkiteException(Reason.NETWORK, redact(what + " failed: " + describe(e)), e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BuildkiteException(Reason.NETWORK, what + " was interrupted", e);
      } finally {
        permits.release();
      }
      int status = response.statusCode();
      RateLimitStatus rl = RateLimitStatus.of(response.headers());
      if (rl.limit() >= 0 || rl.userLimit() >= 0) {
        lastRateLimit.set(rl);
      }
      log.accept(what + " -> " + status + " in " + (System.nanoTime() - started) / 1_000_000 + " ms"
          + (rl.remaining() >= 0 ? " (rate limit " + rl.remaining() + "/" + rl.limit() + " left)" : ""));
      if (status == 200) {
        if (rl.exhausted() && rl.secondsUntilAvailable() > 0) {
          pauseFor(Duration.ofSeconds(rl.secondsUntilAvailable()));
        }
        List<JsonNode> items;
        try {
          items = BuildkiteJson.requireArrayOfObjects(BuildkiteJson.parse(response.body()));
        } catch (IOException e) {
          last = new BuildkiteException(Reason.MALFORMED, what + " returned a body that is not a JSON array of objects: " + firstLine(e), e);
          continue;
        }
        return new Page(items, nextLink(response), link(response, "last"), rl, response.body().length);
      }
      String serverMessage = serverMessage(response.body());
      Duration hinted = retryAfter(response);
      if (status == 429) {
        Duration wait = rateLimitWait(rl, response.body());
        if (hinted != null && hinted.compareTo(wait) > 0) {
          wait = hinted;
        }
        Duration floor = backoff(attempt);
        if (wait.compareTo(floor) < 0) {
          wait = floor; // a reset of 0 must not turn into a burst of immediate retries
        }
        last = new BuildkiteException(Reason.RATE_LIMITED,
            redact(what + " was rate limited (429" + (serverMessage.isEmpty() ? "" : ": " + serverMessage) + ")"));
        if (wait.compareTo(maxRateLimitWait) > 0) {
          throw new BuildkiteException(Reason.RATE_LIMITED, last.getMessage() + "; the limit resets in "
              + wait.toSeconds() + " s, longer than the " + maxRateLimitWait.toSeconds() + " s this client waits (maxRateLimitWait)");
        }
        checkDeadline(deadline, wait, what, last);
        pauseFor(wait);
        retryAfter = Duration.ZERO; // awaitRateLimitWindow waits for the reset
        continue;
      }
      if (status >= 500) {
        last = new BuildkiteException(Reason.SERVER, redact(what + " failed with HTTP " + status + (serverMessage.isEmpty() ? "" : ": " + serverMessage)));
        if (hinted != null) {
          if (hinted.compareTo(maxRateLimitWait) > 0) {
            throw new BuildkiteException(Reason.SERVER, last.getMessage() + "; the server asks to retry in " + hinted.toSeconds()
                + " s, longer than the " + maxRateLimitWait.toSeconds() + " s this client waits (maxRateLimitWait)");
          }
          retryAfter = hinted;
        }
        continue;
      }
      if (status >= 300 && status < 400) {
        String location = response.headers().firstValue("Location").map(BuildkiteClient::hostOf).orElse("no location");
        throw new BuildkiteException(Reason.OTHER, redact(what + " answered with a redirect (HTTP " + status + " to " + location
            + "); the client follows no redirect, so the API token is sent to no other host. Check the API URL"));
      }
      throw clientError(status, uri, what, serverMessage);
    }
    if (unreachable) {
      double seconds = (System.nanoTime() - firstAttempt) / 1e9;
      throw new BuildkiteException(last.reason(), last.getMessage() + String.format(Locale.ROOT, " (gave up after %.1f s)", seconds),
          last.getCause());
    }
    throw new BuildkiteException(last.reason(), last.getMessage() + " (gave up after " + made + " attempt" + (made == 1 ? "" : "s")
        + (timeouts >= maxTimeoutTries ? ", " + timeouts + " of them timed out" : "") + ")", last.getCause());
  }

  /** {@code scheme://host[:port]} of a URL, without path or query (they may carry anything). */
  private static String hostOf(String url) {
    try {
      URI u = new URI(url.trim());
      return u.getHost() == null ? "a relative location" : u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    } catch (URISyntaxException e) {
      return "an unparseable location";
    }
  }

  /** A {@code Retry-After} header as a duration (delta-seconds or an HTTP date); null when absent or unreadable. */
  private static Duration retryAfter(HttpResponse<?> response) {
    String v = response.headers().firstValue("Retry-After").orElse(null);
    if (v == null || v.isBlank()) {
      return null;
    }
    String t = v.trim();
    try {
      long seconds = Long.parseLong(t);
      return Duration.ofSeconds(Math.max(0, Math.min(seconds, 365L * 24 * 3600)));
    } catch (NumberFormatException e) {
      try {
        Instant at = java.time.ZonedDateTime.parse(t, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (java.time.format.DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** A body over the size bound: the exchange is abandoned as soon as it is known. */
  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** Collects a body up to {@code max} bytes; a Content-Length over it fails before a byte is read. */
  private HttpResponse.BodyHandler<byte[]> boundedBody() {
    long max = maxResponseBytes;
    return info -> {
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new HttpResponse.BodySubscriber<byte[]>() {
        private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private java.util.concurrent.Flow.Subscription subscription;

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
          return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
          subscription = s;
          if (declared > max) {
            s.cancel(); // refused on its Content-Length: not a byte is downloaded
            result.completeExceptionally(new TooLarge("Content-Length " + declared));
            return;
          }
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
          for (java.nio.ByteBuffer b : items) {
            if (out.size() + (long) b.remaining() > max) {
              subscription.cancel();
              result.completeExceptionally(new TooLarge("more than " + max + " bytes"));
              return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
          }
        }

        @Override
        public void onError(Throwable t) {
          result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
          result.complete(out.toByteArray());
        }
      };
    };
  }

  private String hostAndPort() {
    return base.getHost() + ":" + effectivePort(base);
  }

  /** Why the connection to the API's host could not be made, in words (no exception class names). */
  private String unreachable(java.net.ConnectException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof UnknownHostException) {
        return "cannot reach " + base.getHost() + ": the host name does not resolve (check --api-url and the network)";
      }
    }
    String why = null;
    for (Throwable c = e; c != null && why == null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank() && !m.contains("Exception")) {
        why = m.strip().toLowerCase(Locale.ROOT);
      }
    }
    return "cannot connect to " + hostAndPort() + ": " + (why != null ? why : "the connection was refused or the host is unreachable");
  }

  /**
   * Sends with a deadline on the whole exchange: {@link HttpRequest#timeout} only bounds the wait for the
   * response headers, a body that stalls afterwards would block forever.
   */
  private HttpResponse<byte[]> send(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> f = http().sendAsync(request, boundedBody());
    HttpResponse<byte[]> r;
    try {
      r = f.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof IOException && !(c instanceof TooLarge) && c.getCause() instanceof TooLarge big) {
        c = big;
      }
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(c), c);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    }
    return r;
  }

  private BuildkiteException clientError(int status, URI uri, String what, String serverMessage) {
    String msg = serverMessage.isEmpty() ? "HTTP " + status : serverMessage;
    String pipeline = pipelineOf(uri.getRawPath());
    switch (status) {
      case 401:
        return new BuildkiteException(Reason.UNAUTHORIZED, redact("Buildkite rejected the API token (401 on " + what + ": " + msg
            + "). Check BUILDKITE_API_TOKEN: it may be missing, mistyped, revoked or expired."));
      case 403: {
        Matcher m = SCOPE.matcher(serverMessage);
        if (m.find()) {
          return new BuildkiteException(Reason.FORBIDDEN, redact("the API token lacks the " + m.group(1) + " scope (403 on " + what
              + "). Create a token with the read_pipelines and read_builds scopes at https://buildkite.com/user/api-access-tokens."));
        }
        return new BuildkiteException(Reason.FORBIDDEN, redact("Buildkite refused access (403 on " + what + ": " + msg
            + "). The token may lack a scope (read_pipelines, read_builds), be limited to other IP addresses, or its user lack permission."));
      }
      case 404: {
        boolean pipelineMissing = serverMessage.toLowerCase(Locale.ROOT).contains("pipeline")
            || (!serverMessage.toLowerCase(Locale.ROOT).contains("organization") && pipeline != null);
        if (pipelineMissing && pipeline != null) {
          return new BuildkiteException(Reason.NOT_FOUND, redact("pipeline '" + pipeline + "' not found in organization '" + organization
              + "' (404: " + msg + "); check the slug, and that the token's user can see the pipeline"));
        }
        return new BuildkiteException(Reason.NOT_FOUND, redact("organization '" + organization + "' not found (404: " + msg
            + "); check --org / BUILDKITE_ORGANIZATION_SLUG and that the token was granted access to this organization"));
      }
      default:
        return new BuildkiteException(Reason.OTHER, redact(what + " failed with HTTP " + status + ": " + msg));
    }
  }

  private static String pipelineOf(String rawPath) {
    Matcher m = Pattern.compile("/organizations/[^/]+/pipelines/([^/]+)").matcher(rawPath);
    return m.find() ? java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
  }

  private Duration rateLimitWait(RateLimitStatus rl, byte[] body) {
    long seconds = -1;
    String scope = "";
    try {
      JsonNode n = BuildkiteJson.parse(body);
      scope = n.path("scope").asText("");
      seconds = n.path("reset").asLong(-1);
    } catch (IOException | RuntimeException e) {
      // headers then
    }
    if (scope.equals("rest_user") && rl.userResetSeconds() >= 0) {
      seconds = rl.userResetSeconds();
    } else if (scope.equals("rest") && rl.resetSeconds() >= 0) {
      seconds = rl.resetSeconds();
    } else if (rl.secondsUntilAvailable() >= 0) {
      seconds = rl.secondsUntilAvailable();
    } else if (seconds < 0) {
      seconds = Math.max(rl.resetSeconds(), rl.userResetSeconds());
    }
    if (seconds < 0) {
      return backoff(2); // no hint at all
    }
    // a little jitter so that many waiting threads do not return at the same instant
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(250, retryBaseDelay.toMillis())) + 1);
    return Duration.ofSeconds(seconds).plusMillis(jitter);
  }

  private void pauseFor(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    pausedUntilNanos.accumulateAndGet(until, Math::max);
  }

  private void awaitRateLimitWindow(String what, long deadline) throws BuildkiteException {
    long wait = pausedUntilNanos.get() - System.nanoTime();
    if (pausedUntilNanos.get() != Long.MIN_VALUE && wait > 0) {
      if (wait > maxRateLimitWait.toNanos()) {
        throw new BuildkiteException(Reason.RATE_LIMITED, what + ": the rate limit resets in " + wait / 1_000_000_000 + " s, longer than the "
            + maxRateLimitWait.toSeconds() + " s this client waits");
      }
      if (deadline - System.nanoTime() < wait) {
        throw new BuildkiteException(Reason.RATE_LIMITED, what + ": giving up: the rate limit resets in " + wait / 1_000_000
            + " ms, after the deadline (listingDeadline, or the sync's deadline)");
      }
      log.accept(what + ": rate limit exhausted; waiting " + wait / 1_000_000 + " ms for the window to reset");
      sleep(Duration.ofNanos(wait));
    }
  }

  private Duration backoff(int retry) {
    long base = Math.max(1, retryBaseDelay.toMillis());
    long d = Math.min(retryMaxDelay.toMillis(), base << Math.min(20, retry - 1));
    long half = Math.max(1, d / 2);
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1)); // "equal jitter"
  }

  private void acquire() throws BuildkiteException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildkiteException(Reason.NETWORK, "interrupted while waiting to send a request", e);
    }
  }

  private static void sleep(Duration d) throws BuildkiteException {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildkiteException(Reason.NETWORK, "interrupted while waiting to retry", e);
    }
  }

  private URI nextLink(HttpResponse<?> response) throws BuildkiteException {
    for (String header : response.headers().allValues("Link")) {
      Matcher m = LINK.matcher(header);
      while (m.find()) {
        if (m.group(2).trim().equalsIgnoreCase("next")) {
          return rebase(m.group(1).trim());
        }
      }
    }
    return null;
  }

  /** The next-page URL on our own base: the token only ever goes to the configured host. */
  private URI rebase(String link) throws BuildkiteException {
    URI u;
    try {
      u = base.resolve(new URI(link));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new BuildkiteException(Reason.MALFORMED, "unparseable Link header URL: " + redact(link));
    }
    boolean sameOrigin = Objects.equals(u.getScheme(), base.getScheme()) && Objects.equals(u.getHost(), base.getHost())
        && effectivePort(u) == effectivePort(base);
    if (sameOrigin) {
      return u;
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (!basePath.isEmpty() && !path.startsWith(basePath + "/")) {
      path = basePath + path;
    }
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
  }

  private static int effectivePort(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String serverMessage(byte[] body) {
    try {
      JsonNode n = BuildkiteJson.parse(body);
      String m = n.path("message").asText("");
      if (!m.isEmpty()) {
        return m;
      }
    } catch (IOException | RuntimeException e) {
      // not JSON
    }
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** An I/O failure in words: its message, not its class name. */
  private static String describe(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank() && !m.contains("Exception")) {
        return m.strip();
      }
    }
    return e instanceof java.io.EOFException ? "the connection closed early" : "an I/O error";
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Replaces the token, wherever it stands as a whole (should a server echo it), with [REDACTED] ({@link Secrets}). */
  public String redact(String s) {
    return Secrets.redact(s, token);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Consumer<String> defaultLog() {
    System.Logger logger = System.getLogger("dev.cql.buildkite");
    return line -> logger.log(System.Logger.Level.DEBUG, line);
  }

  // ------------------------------------------------------------------ single pages (for PageStream)

  /** The URL of a builds listing's first page ({@code per_page} added). */
  URI buildsUri(BuildQuery q) {
    return listUri(buildsPath(q), buildParams(q));
  }

  /** The URL of the pipelines listing's first page. */
  URI pipelinesUri() {
    return listUri(orgPath() + "/pipelines", Map.of());
  }

  private URI listUri(String path, Map<String, List<String>> params) {
    StringBuilder query = new StringBuilder();
    params.forEach((k, vs) -> vs.forEach(v -> query.append(query.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v))));
    query.append(query.length() == 0 ? "" : "&").append("per_page=").append(perPage);
    return URI.create(base + path + "?" + query);
  }

  /** One page (with the client's retries and rate-limit waits); links are re-based onto the base URL. */
  Page page(URI uri) throws BuildkiteException {
    return get(uri, deadlineFor(listingDeadline));
  }

  /** A page URL of the same listing on our own base (a link the server sent, or one derived from it). */
  URI sameListing(URI uri) throws BuildkiteException {
    return rebase(uri.toString());
  }

  private URI link(HttpResponse<?> response, String rel) throws BuildkiteException {
    for (String header : response.headers().allValues("Link")) {
      Matcher m = LINK.matcher(header);
      while (m.find()) {
        if (m.group(2).trim().equalsIgnoreCase(rel)) {
          return rebase(m.group(1).trim());
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "BuildkiteClient[org=" + organization + ", api=" + base + ", token=[REDACTED]]";
  }
}
