package dev.cql.buildkite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cql.buildkite.Faults.Fault;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a snapshot directory over Buildkite's REST API v2 on 127.0.0.1, for tests and offline demos.
 *
 * <p>Endpoints: {@code GET /} (liveness), {@code /v2/access-token}, {@code /v2/organizations/{org}/pipelines},
 * {@code .../pipelines/{slug}}, {@code /v2/organizations/{org}/builds}, {@code .../pipelines/{slug}/builds},
 * {@code .../pipelines/{slug}/builds/{number}}. As Buildkite: bearer-token check (401 with Buildkite's
 * body), scope check (403 "Your access token doesn't have the read_builds scope"), 404 "No organization
 * found" / "No pipeline found" / "No build found", {@code page}/{@code per_page} pagination (default 30,
 * capped at 100) with absolute {@code Link} URLs (first/prev/next/last, none for a single page), the
 * builds filters {@code branch} ({@code *} wildcard), {@code commit} (full SHA), {@code state}
 * ({@code finished} = passed/failed/blocked/canceled; {@code blocked} = blocked builds),
 * {@code created_from} (inclusive), {@code created_to} (exclusive), {@code finished_from} (inclusive),
 * {@code exclude_jobs} and {@code exclude_pipeline}; lists and filters accept {@code name} and
 * {@code name[]}. Builds are ordered newest first (created_at, then number); pipelines by name (the real
 * order is undocumented — simulator-specific).
 *
 * <p>Rate limiting: fixed windows of {@link SimulatorOptions#rateLimitWindow} with
 * {@link SimulatorOptions#rateLimit} requests; every response then carries the {@code RateLimit-*} and
 * {@code RateLimit-User-*} headers, and requests past the limit get 429 with Buildkite's body (rejected
 * requests still count). Latency and a deterministic {@link Faults} schedule can be injected. Every
 * request is counted, in total and per path.
 */
public final class Simulator implements AutoCloseable {

  private static final Pattern ORG_URL = Pattern.compile("/organizations/([^/]+)/");
  private static final String MSG_401 =
      "Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication";

  private final SimulatorOptions opts;
  private final String organization;
  private final List<ObjectNode> pipelines; // raw, ordered by name
  private final Map<String, ObjectNode> pipelinesBySlug = new LinkedHashMap<>();
  private final List<Entry> builds; // newest first
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final Object rateLock = new Object();
  private long windowStartNanos = System.nanoTime();
  private long windowCount;

  private record Entry(Build build, ObjectNode raw) {}

  private Simulator(Path dataDir, SimulatorOptions opts) throws IOException, BuildkiteException {
    this.opts = opts;
    List<ObjectNode> ps = new ArrayList<>();
    for (JsonNode n : SnapshotSource.readArray(dataDir.resolve(SnapshotSource.PIPELINES_FILE))) {
      ps.add((ObjectNode) n);
    }
    ps.sort(Comparator.comparing((ObjectNode n) -> n.path("name").asText("")).thenComparing(n -> n.path("slug").asText("")));
    this.pipelines = ps;
    ps.forEach(p -> pipelinesBySlug.put(p.path("slug").asText(), p));
    List<Entry> bs = new ArrayList<>();
    for (JsonNode n : SnapshotSource.readArray(dataDir.resolve(SnapshotSource.BUILDS_FILE))) {
      ObjectNode raw = (ObjectNode) n;
      if (!raw.path("pipeline").isObject() && raw.path("pipeline_slug").isTextual()) {
        ObjectNode p = pipelinesBySlug.get(raw.path("pipeline_slug").asText());
        if (p != null) {
          raw.set("pipeline", p);
        }
      }
      bs.add(new Entry(BuildkiteJson.build(raw), raw));
    }
    bs.sort(Comparator.comparing(Entry::build, BuildIndex.NEWEST_FIRST));
    this.builds = bs;
    this.organization = opts.organization != null ? opts.organization : guessOrganization(ps);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), opts.port), 64);
    this.executor = Executors.newFixedThreadPool(Math.max(1, opts.threads), r -> {
      Thread t = new Thread(r, "buildkite-sim");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Loads {@code dataDir} (pipelines.json, builds.json) and starts serving it. */
  public static Simulator start(Path dataDir, SimulatorOptions opts) throws IOException, BuildkiteException {
    Simulator s = new Simulator(dataDir, opts == null ? new SimulatorOptions() : opts);
    s.server.start();
    return s;
  }

  private static String guessOrganization(List<ObjectNode> ps) {
    for (ObjectNode p : ps) {
      Matcher m = ORG_URL.matcher(p.path("url").asText(""));
      if (m.find()) {
        return m.group(1);
      }
    }
    return "acme-inc";
  }

  /** {@code http://127.0.0.1:PORT}, to pass as the client's base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String organization() {
    return organization;
  }

  public Faults faults() {
    return opts.faults;
  }

  /** Requests received since the start (or the last {@link #resetCounts()}). */
  public long requestCount() {
    return total.get();
  }

  /** Requests received for one path (no query), e.g. {@code /v2/organizations/acme-inc/builds}. */
  public long requestCount(String path) {
    AtomicLong n = byPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Request counts per path, sorted by path. */
  public Map<String, Long> requestsByPath() {
    Map<String, Long> m = new TreeMap<>();
    byPath.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** {@code "path?query -> status"} for every request, in arrival order. */
  public List<String> requestLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Zeroes the counters and the log (not the request numbering used by {@link Faults#failRequest}). */
  public void resetCounts() {
    total.set(0);
    byPath.clear();
    log.clear();
  }

  private final AtomicLong sequence = new AtomicLong();

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ handling

  private record Reply(int status, JsonNode body, Map<String, String> headers) {
    static Reply of(int status, JsonNode body) {
      return new Reply(status, body, new LinkedHashMap<>());
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String pq = path + (query == null ? "" : "?" + query);
      long n = sequence.incrementAndGet();
      total.incrementAndGet();
      byPath.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
      Fault fault = opts.faults.take(n, pq);
      sleep(opts.latency);
      if (fault != null && fault.kind() == Faults.Kind.SLOW) {
        sleep(fault.delay());
      }
      if (fault != null && fault.kind() == Faults.Kind.STATUS) {
        record(pq, fault.status());
        send(ex, Reply.of(fault.status(), message(fault.status() >= 500 ? "Internal Server Error" : "Error")));
        return;
      }
      if (fault != null && fault.kind() == Faults.Kind.DROP) {
        record(pq, -1);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, 4096);
        OutputStream os = ex.getResponseBody();
        os.write("[{\"id\": \"".getBytes(StandardCharsets.UTF_8));
        os.flush();
        // closing the exchange with fewer bytes than announced makes the server close the connection
        return;
      }
      if (fault != null && fault.kind() == Faults.Kind.RATE_LIMITED) {
        record(pq, 429);
        Reply r = Reply.of(429, message("Rate limit exceeded"));
        r.headers.put("Retry-After", Long.toString(fault.delay().toSeconds()));
        send(ex, r);
        return;
      }
      if (fault != null && fault.kind() == Faults.Kind.REDIRECT) {
        record(pq, 302);
        Reply r = Reply.of(302, message("Moved"));
        r.headers.put("Location", fault.location());
        send(ex, r);
        return;
      }
      Reply reply = route(ex, path, parseQuery(query));
      if (fault != null && fault.kind() == Faults.Kind.LINK_LOOP && reply.status == 200) {
        String first = baseUrl() + path + "?" + (query == null ? "" : query.replaceAll("(^|&)page=\\d+", "") + "&") + "page=1";
        reply.headers.put("Link", "<" + first.replace("?&", "?") + ">; rel=\"next\"");
      }
      if (fault != null && fault.kind() == Faults.Kind.WRONG_TYPES && reply.status == 200 && reply.body.isArray()
          && reply.body.size() > 0 && reply.body.get(0).isObject()) {
        JsonNode wrong = reply.body.deepCopy(); // the served records are the organization's own: never change them
        ((ObjectNode) wrong.get(0)).put("number", "seven");
        reply = new Reply(reply.status, wrong, reply.headers);
      }
      if (fault != null && fault.kind() == Faults.Kind.MALFORMED && reply.status == 200) {
        record(pq, 200);
        byte[] bad = "[{\"id\": \"truncated".getBytes(StandardCharsets.UTF_8);
        reply.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, bad.length);
        ex.getResponseBody().write(bad);
        return;
      }
      record(pq, reply.status);
      send(ex, reply);
    } catch (RuntimeException e) {
      // keep the server alive; the client sees a 500
      try {
        send(ex, Reply.of(500, message("simulator error: " + e)));
      } catch (IOException | RuntimeException ignored) {
        // headers already sent
      }
    }
  }

  private void record(String pq, int status) {
    log.add(pq + " -> " + (status < 0 ? "dropped" : String.valueOf(status)));
  }

  private Reply route(HttpExchange ex, String path, Map<String, List<String>> q) {
    if (!ex.getRequestMethod().equals("GET")) {
      return Reply.of(405, message("Method not allowed"));
    }
    if (path.equals("/") || path.isEmpty()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("message", "\uD83D\uDEE0");
      o.put("timestamp", Instant.now().getEpochSecond());
      return Reply.of(200, o);
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + opts.token)) {
      return Reply.of(401, message(MSG_401));
    }
    Map<String, String> rateHeaders = new LinkedHashMap<>();
    Reply limited = rateLimit(rateHeaders);
    Reply r = limited != null ? limited : dispatch(path, q);
    r.headers.putAll(rateHeaders);
    return r;
  }

  private Reply dispatch(String path, Map<String, List<String>> q) {
    String[] seg = path.replaceAll("/+$", "").split("/");
    // seg[0] = "", seg[1] = "v2", ...
    if (seg.length == 3 && seg[1].equals("v2") && seg[2].equals("access-token")) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("uuid", "b63254c0-3271-4a98-8270-7cfbd6c2f14e");
      ArrayNode scopes = o.putArray("scopes");
      opts.scopes.forEach(scopes::add);
      o.put("description", "simulator token");
      o.put("created_at", "2025-07-16 06:07:42 UTC");
      o.putNull("expires_at");
      return Reply.of(200, o);
    }
    if (seg.length < 5 || !seg[1].equals("v2") || !seg[2].equals("organizations")) {
      return Reply.of(404, message("Not Found"));
    }
    if (!decode(seg[3]).equals(organization)) {
      return Reply.of(404, message("No organization found"));
    }
    String resource = seg[4];
    if (resource.equals("builds") && seg.length == 5) {
      return scoped("read_builds", () -> listBuilds(null, q));
    }
    if (!resource.equals("pipelines")) {
      return Reply.of(404, message("Not Found"));
    }
    if (seg.length == 5) {
      return scoped("read_pipelines", () -> page(new ArrayList<JsonNode>(pipelines), q, path, false));
    }
    String slug = decode(seg[5]);
    ObjectNode pipeline = pipelinesBySlug.get(slug);
    if (seg.length == 6) {
      return scoped("read_pipelines", () -> pipeline == null ? Reply.of(404, message("No pipeline found")) : Reply.of(200, pipeline));
    }
    if (!seg[6].equals("builds") || seg.length > 8) {
      return Reply.of(404, message("Not Found"));
    }
    if (pipeline == null) {
      return scoped("read_builds", () -> Reply.of(404, message("No pipeline found")));
    }
    if (seg.length == 7) {
      return scoped("read_builds", () -> listBuilds(slug, q));
    }
    return scoped("read_builds", () -> {
      for (Entry e : builds) {
        if (slug.equals(BuildIndex.slugOf(e.build)) && seg[7].equals(String.valueOf(e.build.number()))) {
          return Reply.of(200, shape(e.raw, q));
        }
      }
      return Reply.of(404, message("No build found"));
    });
  }

  private Reply scoped(String scope, java.util.function.Supplier<Reply> then) {
    if (!opts.scopes.contains(scope)) {
      return Reply.of(403, message("Your access token doesn't have the " + scope + " scope"));
    }
    return then.get();
  }

  private Reply listBuilds(String slug, Map<String, List<String>> q) {
    Instant createdFrom;
    Instant createdTo;
    Instant finishedFrom;
    try {
      createdFrom = time(q, "created_from");
      createdTo = time(q, "created_to");
      finishedFrom = time(q, "finished_from");
    } catch (IllegalArgumentException e) {
      ObjectNode o = message("Validation Failed");
      o.putArray("errors").addObject().put("field", e.getMessage()).put("code", "invalid");
      return Reply.of(422, o);
    }
    List<Pattern> branches = new ArrayList<>();
    for (String b : values(q, "branch")) {
      branches.add(BuildFilter.glob(b));
    }
    List<String> commits = values(q, "commit");
    List<String> states = new ArrayList<>();
    for (String s : values(q, "state")) {
      String st = s.toLowerCase(Locale.ROOT);
      if (st.equals("finished")) {
        states.addAll(BuildFilter.FINISHED);
      } else {
        states.add(st);
      }
    }
    int page = intParam(q, "page", 1);
    if (opts.deepPaginationLimit > 0 && page > opts.deepPaginationLimit) {
      return Reply.of(400, message("Listing builds this deep is not supported. Please narrow your query using filters such as branch or created_from."));
    }
    List<JsonNode> out = new ArrayList<>();
    for (Entry e : builds) {
      Build b = e.build;
      if (slug != null && !slug.equals(BuildIndex.slugOf(b))) {
        continue;
      }
      Instant c = b.createdAt();
      if (createdFrom != null && (c == null || c.isBefore(createdFrom))) {
        continue;
      }
      if (createdTo != null && (c == null || !c.isBefore(createdTo))) {
        continue;
      }
      if (finishedFrom != null && (b.finishedAt() == null || b.finishedAt().isBefore(finishedFrom))) {
        continue;
      }
      if (!branches.isEmpty() && (b.branch() == null || branches.stream().noneMatch(p -> p.matcher(b.branch()).matches()))) {
        continue;
      }
      if (!commits.isEmpty() && (b.commit() == null || commits.stream().noneMatch(x -> x.equalsIgnoreCase(b.commit())))) {
        continue;
      }
      if (!states.isEmpty() && !stateMatches(b, states)) {
        continue;
      }
      out.add(e.raw);
    }
    String path = slug == null
        ? "/v2/organizations/" + organization + "/builds"
        : "/v2/organizations/" + organization + "/pipelines/" + slug + "/builds";
    return page(out, q, path, true);
  }

  private static boolean stateMatches(Build b, List<String> states) {
    String s = b.state() == null ? "" : b.state().toLowerCase(Locale.ROOT);
    return states.contains(s) || (b.blocked() && states.contains("blocked"));
  }

  private Reply page(List<JsonNode> all, Map<String, List<String>> q, String path, boolean isBuilds) {
    int perPage = Math.max(1, Math.min(opts.maxPerPage, intParam(q, "per_page", opts.defaultPerPage)));
    int page = Math.max(1, intParam(q, "page", 1));
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    int from = (page - 1) * perPage;
    for (int i = from; i < Math.min(all.size(), from + perPage); i++) {
      body.add(isBuilds ? shape((ObjectNode) all.get(i), q) : all.get(i));
    }
    Reply r = Reply.of(200, body);
    if (last > 1) {
      List<String> links = new ArrayList<>();
      if (page > 1) {
        links.add(link(path, q, 1, perPage, "first"));
        links.add(link(path, q, Math.min(page - 1, last), perPage, "prev"));
      }
      if (page < last) {
        links.add(link(path, q, page + 1, perPage, "next"));
        links.add(link(path, q, last, perPage, "last"));
      }
      if (!links.isEmpty()) {
        r.headers.put("Link", String.join(", ", links));
      }
    }
    return r;
  }

  private String link(String path, Map<String, List<String>> q, int page, int perPage, String rel) {
    StringBuilder sb = new StringBuilder(baseUrl).append(path).append('?');
    new TreeMap<>(q).forEach((k, vs) -> {
      if (!k.equals("page") && !k.equals("per_page")) {
        String name = vs.size() > 1 ? k + "[]" : k; // lists keep Buildkite's name[] form
        for (String v : vs) {
          sb.append(enc(name)).append('=').append(enc(v)).append('&');
        }
      }
    });
    sb.append("page=").append(page).append("&per_page=").append(perPage);
    return "<" + sb + ">; rel=\"" + rel + "\"";
  }

  private static JsonNode shape(ObjectNode raw, Map<String, List<String>> q) {
    boolean noJobs = flag(q, "exclude_jobs");
    boolean noPipeline = flag(q, "exclude_pipeline");
    if ((noJobs && raw.has("jobs")) || (noPipeline && raw.has("pipeline"))) {
      ObjectNode copy = raw.deepCopy();
      if (noJobs) {
        copy.remove("jobs");
      }
      if (noPipeline) {
        copy.remove("pipeline");
      }
      return copy;
    }
    return raw;
  }

  private Reply rateLimit(Map<String, String> headers) {
    if (opts.rateLimit <= 0) {
      return null;
    }
    long count;
    long resetSeconds;
    synchronized (rateLock) {
      long now = System.nanoTime();
      long window = opts.rateLimitWindow.toNanos();
      if (now - windowStartNanos >= window) {
        windowStartNanos += ((now - windowStartNanos) / window) * window;
        windowCount = 0;
      }
      count = ++windowCount;
      resetSeconds = Math.max(1, (windowStartNanos + window - now + 999_999_999L) / 1_000_000_000L);
    }
    long remaining = Math.max(0, opts.rateLimit - count);
    for (String scope : List.of("", "User-")) {
      headers.put("RateLimit-" + scope + "Scope", scope.isEmpty() ? "rest" : "rest_user");
      headers.put("RateLimit-" + scope + "Remaining", String.valueOf(remaining));
      headers.put("RateLimit-" + scope + "Limit", String.valueOf(opts.rateLimit));
      headers.put("RateLimit-" + scope + "Reset", String.valueOf(resetSeconds));
    }
    if (count <= opts.rateLimit) {
      return null;
    }
    headers.put("RateLimit-Warning", "You have exceeded your API rate limit.");
    ObjectNode body = message("You have exceeded your API rate limit. Please wait " + resetSeconds + " seconds before making more requests.");
    body.put("scope", "rest");
    body.put("limit", opts.rateLimit);
    body.put("current", count);
    body.put("reset", resetSeconds);
    return Reply.of(429, body);
  }

  private static void send(HttpExchange ex, Reply r) throws IOException {
    byte[] bytes = BuildkiteJson.mapper().writer().writeValueAsBytes(r.body);
    r.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    ex.getResponseHeaders().set("Access-Control-Expose-Headers", "Link");
    ex.sendResponseHeaders(r.status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static ObjectNode message(String m) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("message", m);
    return o;
  }

  // ------------------------------------------------------------------ query helpers

  /** Query parameters; {@code name[]} is folded into {@code name}. */
  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      if (k.endsWith("[]")) {
        k = k.substring(0, k.length() - 2);
      }
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return m;
  }

  private static List<String> values(Map<String, List<String>> q, String name) {
    List<String> out = new ArrayList<>();
    for (String v : q.getOrDefault(name, List.of())) {
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean flag(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    return v != null && !v.isEmpty() && Set.of("true", "1", "").contains(v.get(0).toLowerCase(Locale.ROOT));
  }

  private static int intParam(Map<String, List<String>> q, String name, int dflt) {
    List<String> v = q.get(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.get(0).trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static Instant time(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    if (v == null || v.isEmpty() || v.get(0).isBlank()) {
      return null;
    }
    Instant t = BuildkiteJson.instant(v.get(0));
    if (t == null) {
      try {
        t = java.time.LocalDate.parse(v.get(0).trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(name);
      }
    }
    return t;
  }

  /** Buildkite's branch wildcard: {@code *} matches any run of characters; everything else literally. */
  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Simulator[" + baseUrl + ", org=" + organization + ", " + pipelines.size() + " pipelines, " + builds.size() + " builds]";
  }
}
