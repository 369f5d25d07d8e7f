package dev.cql.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteJson;
import dev.cql.buildkite.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receives Buildkite's pipeline webhooks and upserts the builds of {@code build.*} events into a store, so
 * that a shared store stays fresh without polling.
 *
 * <p>Verification, before anything is parsed: with {@code X-Buildkite-Signature: timestamp=T,signature=S}
 * the request is accepted when S is the hex HMAC-SHA256 of {@code T.BODY} under the webhook token, T is
 * within the replay window of the clock, and the same signature was not accepted before within that window;
 * with {@code X-Buildkite-Token} the header must equal the token (compared in constant time). Anything
 * else is 401 and changes nothing. Bodies over 2 MiB are 413, malformed ones 400, events of another
 * organization 422; other events ({@code ping}, {@code job.*}, ...) are acknowledged and ignored. A build
 * event never turns a finished build back into an unfinished one (deliveries may arrive out of order).
 */
public final class WebhookReceiver implements AutoCloseable {

  static final int MAX_BODY = 2 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final BuildStore store;
  private final byte[] token;
  private final Duration replayWindow;
  private final Clock clock;
  private final String organization;
  private final Consumer<String> log;
  private final Map<String, Instant> seenSignatures = new LinkedHashMap<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  private WebhookReceiver(InetSocketAddress listen, BuildStore store, String token, Duration replayWindow, Clock clock, String organization,
      Consumer<String> log) throws IOException {
    this.store = store;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.replayWindow = replayWindow;
    this.clock = clock;
    this.organization = organization;
    this.log = log;
    this.server = HttpServer.create(listen, 64);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "buildkite-webhooks");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts listening. {@code token} is the webhook's token (Buildkite's Notification Services settings);
   * {@code organization} the slug events must belong to.
   */
  public static WebhookReceiver start(InetSocketAddress listen, BuildStore store, String token, Duration replayWindow, Clock clock,
      String organization, Consumer<String> log) throws IOException {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a webhook token is required");
    }
    WebhookReceiver r = new WebhookReceiver(listen, store, token, replayWindow, clock, organization, log);
    r.server.start();
    return r;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public long accepted() {
    return accepted.get();
  }

  public long rejected() {
    return rejected.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private record Reply(int status, String message) {}

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Reply r;
      try {
        r = answer(ex);
      } catch (RuntimeException e) {
        r = new Reply(500, "internal error");
        log.accept("webhook: internal error: " + e);
      }
      if (r.status() >= 400) {
        rejected.incrementAndGet();
      }
      byte[] body = ("{\"message\":" + BuildkiteJson.mapper().writeValueAsString(r.message()) + "}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(r.status(), body.length);
      ex.getResponseBody().write(body);
    }
  }

  private Reply answer(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      return new Reply(405, "webhooks are POSTed");
    }
    byte[] body = readBody(ex.getRequestBody());
    if (body == null) {
      return new Reply(413, "body larger than " + MAX_BODY + " bytes");
    }
    String signature = ex.getRequestHeaders().getFirst("X-Buildkite-Signature");
    String plain = ex.getRequestHeaders().getFirst("X-Buildkite-Token");
    String refusal = signature != null ? checkSignature(signature, body) : plain != null ? checkToken(plain) : "no X-Buildkite-Signature or X-Buildkite-Token header";
    if (refusal != null) {
      log.accept("webhook refused (401): " + refusal);
      return new Reply(401, "unauthorized: " + refusal);
    }
    JsonNode event;
    try {
      event = BuildkiteJson.parse(body);
    } catch (IOException e) {
      return new Reply(400, "the body is not JSON");
    }
    String name = ex.getRequestHeaders().getFirst("X-Buildkite-Event");
    if (name == null) {
      name = event.path("event").asText("");
    }
    if (!name.startsWith("build.")) {
      accepted.incrementAndGet();
      return new Reply(200, "ignored " + (name.isEmpty() ? "an event without a name" : name));
    }
    JsonNode b = event.path("build");
    if (!b.isObject()) {
      return new Reply(400, name + " without a build object");
    }
    Build build = BuildkiteJson.build(b);
    Pipeline pipeline = build.pipeline();
    JsonNode p = event.path("pipeline");
    if (p.isObject()) {
      pipeline = BuildkiteJson.pipeline(p);
    }
    if (pipeline == null || pipeline.slug() == null || build.createdAt() == null) {
      return new Reply(400, name + ": the build has no pipeline slug or no created_at");
    }
    String org = organizationOf(pipeline.url() != null ? pipeline.url() : build.url());
    if (org != null && !org.equals(organization)) {
      return new Reply(422, "a build of organization '" + org + "', this store holds '" + organization + "'");
    }
    Build withPipeline = new Build(build.id(), build.graphqlId(), build.number(), build.state(), build.blocked(), build.branch(), build.commit(),
        build.message(), build.source(), build.createdAt(), build.scheduledAt(), build.startedAt(), build.finishedAt(), build.webUrl(),
        build.url(), build.creator(), build.pullRequest(), pipeline);
    try {
      if (p.isObject()) {
        store.upsertListedPipelines(List.of(pipeline));
      }
      int n = store.upsertWebhookBuild(withPipeline);
      store.bumpGeneration();
      accepted.incrementAndGet();
      log.accept("webhook " + name + ": " + pipeline.slug() + " #" + build.number() + " " + build.state() + (n == 0 ? " (older than stored; kept)" : ""));
      return new Reply(200, n == 0 ? "kept the newer stored build" : "stored");
    } catch (BuildkiteException e) {
      log.accept("webhook " + name + ": " + e.getMessage());
      return new Reply(503, "the store could not be written");
    }
  }

  private static String organizationOf(String url) {
    if (url == null) {
      return null;
    }
    int i = url.indexOf("/organizations/");
    if (i < 0) {
      return null;
    }
    String rest = url.substring(i + "/organizations/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private String checkToken(String given) {
    return MessageDigest.isEqual(token, given.trim().getBytes(StandardCharsets.UTF_8)) ? null : "the X-Buildkite-Token does not match";
  }

  private String checkSignature(String header, byte[] body) {
    String timestamp = null;
    String signature = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals("timestamp")) {
        timestamp = kv[1].trim();
      } else if (kv.length == 2 && kv[0].trim().equals("signature")) {
        signature = kv[1].trim();
      }
    }
    if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
      return "malformed X-Buildkite-Signature (want timestamp=T,signature=HEX)";
    }
    Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
    Instant now = clock.instant();
    if (Duration.between(sent, now).abs().compareTo(replayWindow) > 0) {
      return "the signature's timestamp " + sent + " is outside the replay window of " + replayWindow.toSeconds() + " s";
    }
    byte[] expected = hmac(timestamp + ".", body);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return "the signature is not hex";
    }
    if (!MessageDigest.isEqual(expected, given)) {
      return "the signature does not match";
    }
    synchronized (seenSignatures) {
      for (Iterator<Instant> it = seenSignatures.values().iterator(); it.hasNext(); ) {
        if (Duration.between(it.next(), now).compareTo(replayWindow.multipliedBy(2)) > 0) {
          it.remove();
        }
      }
      if (seenSignatures.putIfAbsent(signature.toLowerCase(java.util.Locale.ROOT), now) != null) {
        return "a replay of a delivery already received";
      }
    }
    return null;
  }

  /** HMAC-SHA256 under the token of {@code prefix} then {@code body}. */
  byte[] hmac(String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token, "HmacSHA256"));
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The body, or null when it exceeds {@link #MAX_BODY}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    return bytes.length > MAX_BODY ? null : bytes;
  }

  @Override
  public String toString() {
    return "WebhookReceiver[127.0.0.1:" + port() + ", " + store.describe() + "]";
  }
}
