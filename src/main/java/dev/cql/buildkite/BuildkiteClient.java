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
 *       the organization or the pipeline was not found).
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
      this.base = checkBaseUrl(url);
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
      Build b = BuildkiteJson.build(n);
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
    List<JsonNode> items = new ArrayList<>();
    Set<URI> visited = new HashSet<>();
    int pages = 0;
    while (uri != null) {
      if (!visited.add(uri) || pages >= MAX_PAGES) {
        throw new BuildkiteException(Reason.INCOMPLETE,
            "the pagination of GET " + path + " loops (page " + (pages + 1) + " repeats an earlier one); stopped after " + items.size() + " items");
      }
      Page page;
      try {
        page = get(uri);
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
      uri = page.next;
    }
    return items;
  }

  /** One page of a listing, with the links and rate-limit headers of its response. */
  record Page(List<JsonNode> items, URI next, URI last, RateLimitStatus rateLimit) {}

  private Page get(URI uri) throws BuildkiteException {
    String what = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .header("User-Agent", "cql-buildkite/0.1")
        .GET()
        .build();
    BuildkiteException last = null;
    Duration retryAfter = null; // set by a 429: wait for the window (awaitRateLimitWindow), not the backoff
    long firstAttempt = System.nanoTime();
    boolean unreachable = false; // the last attempt could not connect to the host at all
    for (int attempt = 1; attempt <= maxTries; attempt++) {
      if (attempt > 1) {
        Duration delay = retryAfter != null ? retryAfter : backoff(attempt - 1);
        if (unreachable
            && System.nanoTime() - firstAttempt + delay.toNanos() >= connectTimeout.toNanos()) {
          break; // a host that cannot be reached is given up within the connect timeout
        }
        log.accept(last.getMessage() + "; attempt " + attempt + "/" + maxTries + " in " + delay.toMillis() + " ms");
        sleep(delay);
      }
      retryAfter = null;
      unreachable = false;
      awaitRateLimitWindow(what);
      long started = System.nanoTime();
      HttpResponse<byte[]> response;
      acquire();
      try {
        requests.incrementAndGet();
        response = send(request);
      } catch (java.net.http.HttpConnectTimeoutException e) {
        unreachable = true;
        last = new BuildkiteException(Reason.NETWORK, "connecting to " + hostAndPort() + " timed out after "
            + connectTimeout.toMillis() + " ms", e);
        continue;
      } catch (HttpTimeoutException e) {
        last = new BuildkiteException(Reason.NETWORK, what + " timed out after " + requestTimeout.toMillis() + " ms", e);
        continue;
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
        return new Page(items, nextLink(response), link(response, "last"), rl);
      }
      String serverMessage = serverMessage(response.body());
      if (status == 429) {
        Duration wait = rateLimitWait(rl, response.body());
        pauseFor(wait);
        last = new BuildkiteException(Reason.RATE_LIMITED,
            redact(what + " was rate limited (429" + (serverMessage.isEmpty() ? "" : ": " + serverMessage) + ")"));
        if (wait.compareTo(maxRateLimitWait) > 0) {
          throw new BuildkiteException(Reason.RATE_LIMITED, last.getMessage() + "; the limit resets in "
              + wait.toSeconds() + " s, longer than the " + maxRateLimitWait.toSeconds() + " s this client waits");
        }
        retryAfter = Duration.ZERO; // awaitRateLimitWindow waits for the reset
        continue;
      }
      if (status >= 500) {
        last = new BuildkiteException(Reason.SERVER, redact(what + " failed with HTTP " + status + (serverMessage.isEmpty() ? "" : ": " + serverMessage)));
        continue;
      }
      throw clientError(status, uri, what, serverMessage);
    }
    if (unreachable) {
      double seconds = (System.nanoTime() - firstAttempt) / 1e9;
      throw new BuildkiteException(last.reason(), last.getMessage() + String.format(Locale.ROOT, " (gave up after %.1f s)", seconds),
          last.getCause());
    }
    throw new BuildkiteException(last.reason(), last.getMessage() + " (gave up after " + maxTries + " attempts)", last.getCause());
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
  private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> f = http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return f.get(requestTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException("no complete response within " + requestTimeout.toMillis() + " ms");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(c), c);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    }
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

  private void awaitRateLimitWindow(String what) throws BuildkiteException {
    long wait = pausedUntilNanos.get() - System.nanoTime();
    if (pausedUntilNanos.get() != Long.MIN_VALUE && wait > 0) {
      if (wait > maxRateLimitWait.toNanos()) {
        throw new BuildkiteException(Reason.RATE_LIMITED, what + ": the rate limit resets in " + wait / 1_000_000_000 + " s, longer than the "
            + maxRateLimitWait.toSeconds() + " s this client waits");
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
    return get(uri);
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
