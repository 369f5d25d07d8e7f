package dev.cql.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buildkite webhooks into a SQLite store, over loopback HTTP. */
class WebhookReceiverTest {

  static final String SECRET = "webhook-token-SECRET";
  static final Instant CLOCK = Instant.parse("2026-11-01T12:00:00Z");

  @TempDir Path tmp;

  /** Where the store is: a SQLite file here, a PostgreSQL database in the *Postgres* subclass. */
  StoreLocation location() throws Exception {
    return StoreLocation.sqlite(tmp.resolve("store.db"));
  }
  BuildStore store;
  WebhookReceiver receiver;
  final List<String> log = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    store = BuildStore.open(location());
    StoreSync.importSnapshot(StoreContract.FIXTURE, store, null, "https://api.buildkite.com");
    receiver = WebhookReceiver.start(new InetSocketAddress("127.0.0.1", 0), store, SECRET, Duration.ofMinutes(5),
        Clock.fixed(CLOCK, ZoneOffset.UTC), "acme-inc", log::add);
  }

  @AfterEach
  void stop() {
    receiver.close();
    store.close();
  }

  /** A build of the fixture (payments-api's newest) as a webhook event, with another state. */
  byte[] event(String name, String state, boolean finished) throws Exception {
    ObjectNode build = (ObjectNode) BuildkiteJson.mapper().readTree(StoreContract.FIXTURE.resolve("builds.json").toFile()).get(0).deepCopy();
    build.put("state", state);
    if (finished) {
      build.put("finished_at", "2026-11-01T11:59:59.000Z");
    } else {
      build.putNull("finished_at");
    }
    ObjectNode e = BuildkiteJson.mapper().createObjectNode();
    e.put("event", name);
    e.set("build", build);
    e.set("pipeline", build.get("pipeline"));
    return BuildkiteJson.mapper().writeValueAsBytes(e);
  }

  Build stored() throws Exception {
    ObjectNode first = (ObjectNode) BuildkiteJson.mapper().readTree(StoreContract.FIXTURE.resolve("builds.json").toFile()).get(0);
    String slug = first.path("pipeline").path("slug").asText();
    BuildFilter f = BuildFilter.builder().pipelines(List.of(slug)).createdFrom(Instant.EPOCH).numbers(List.of(first.path("number").asLong())).build();
    return new StoreSource(store).builds(f).get(0);
  }

  static String sign(long timestamp, byte[] body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "timestamp=" + timestamp + ",signature=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  HttpResponse<String> post(byte[] body, String header, String value) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/buildkite"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (header != null) {
      b.header(header, value);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedBuildEventIsStoredAndItsReplayRefused() throws Exception {
    String before = stored().state();
    long generation = store.state().generation();
    byte[] body = event("build.finished", "failed", true);
    String sig = sign(CLOCK.getEpochSecond() - 30, body, SECRET);
    HttpResponse<String> ok = post(body, "X-Buildkite-Signature", sig);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(stored().state()).isEqualTo("failed").isNotEqualTo(before);
    assertThat(store.state().generation()).isEqualTo(generation + 1);
    HttpResponse<String> replay = post(body, "X-Buildkite-Signature", sig);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("replay");
  }

  @Test
  void badSignaturesAndTokensGet401AndChangeNothing() throws Exception {
    Build before = stored();
    long generation = store.state().generation();
    byte[] body = event("build.finished", "canceled", true);
    long now = CLOCK.getEpochSecond();
    List<String[]> bad = List.of(
        new String[] {"X-Buildkite-Signature", sign(now, body, "another-secret")},
        new String[] {"X-Buildkite-Signature", sign(now - 3600, body, SECRET)}, // outside the replay window
        new String[] {"X-Buildkite-Signature", sign(now, event("build.finished", "passed", true), SECRET)}, // another body
        new String[] {"X-Buildkite-Signature", "timestamp=x,signature=zz"},
        new String[] {"X-Buildkite-Token", "wrong"},
        new String[] {null, null});
    for (String[] h : bad) {
      HttpResponse<String> r = post(body, h[0], h[1]);
      assertThat(r.statusCode()).as(String.join(": ", h[0] == null ? "none" : h[0], String.valueOf(h[1]))).isEqualTo(401);
    }
    assertThat(stored()).isEqualTo(before);
    assertThat(store.state().generation()).isEqualTo(generation);
    assertThat(receiver.rejected()).isEqualTo(bad.size());
    assertThat(String.join("\n", log)).doesNotContain(SECRET);
  }

  @Test
  void thePlainTokenWorksAndAnOlderDeliveryNeverUndoesAFinish() throws Exception {
    assertThat(post(event("build.finished", "passed", true), "X-Buildkite-Token", SECRET).statusCode()).isEqualTo(200);
    HttpResponse<String> late = post(event("build.running", "running", false), "X-Buildkite-Token", SECRET);
    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.body()).contains("kept");
    assertThat(stored().state()).isEqualTo("passed");
    assertThat(stored().finishedAt()).isEqualTo(Instant.parse("2026-11-01T11:59:59Z"));
  }

  @Test
  void otherEventsMethodsAndBodies() throws Exception {
    assertThat(post("{\"event\":\"ping\"}".getBytes(StandardCharsets.UTF_8), "X-Buildkite-Token", SECRET).statusCode()).isEqualTo(200);
    assertThat(post("not json".getBytes(StandardCharsets.UTF_8), "X-Buildkite-Token", SECRET).statusCode()).isEqualTo(400);
    String other = new String(event("build.finished", "failed", true), StandardCharsets.UTF_8).replace("/organizations/acme-inc/", "/organizations/evil/");
    assertThat(post(other.getBytes(StandardCharsets.UTF_8), "X-Buildkite-Token", SECRET).statusCode()).isEqualTo(422);
    assertThat(post(new byte[WebhookReceiver.MAX_BODY + 1], "X-Buildkite-Token", SECRET).statusCode()).isEqualTo(413);
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }
}
