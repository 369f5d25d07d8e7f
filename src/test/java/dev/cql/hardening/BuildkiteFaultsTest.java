package dev.cql.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import dev.cql.buildkite.BuildQuery;
import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.BuildkiteException.Reason;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.PageStream;
import dev.cql.buildkite.RateBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The faults issue 13 lists, each against a scripted loopback server: the client gives up with a clear
 * error (never sleeps for an hour, never sends the token elsewhere, never returns a partial list), or
 * recovers when the fault passes.
 */
class BuildkiteFaultsTest {

  static final String TOKEN = "bkua_faults_canary_0123456789abcdef";
  static final String PAGE = "[{\"id\": \"p1\", \"slug\": \"api\", \"name\": \"API\"}]";
  static final String BUILD = "{\"id\": \"b%d\", \"number\": %d, \"state\": \"passed\", \"created_at\": \"2025-01-01T00:00:00Z\","
      + " \"pipeline\": {\"slug\": \"api\"}}";

  static BuildkiteClient.Builder client(ScriptedServer s) {
    return BuildkiteClient.builder("acme", TOKEN).baseUrl(s.baseUrl())
        .retryBaseDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(80))
        .requestTimeout(Duration.ofSeconds(5)).maxRateLimitWait(Duration.ofSeconds(2)).log(l -> { });
  }

  static void ok(HttpExchange x, String body) throws IOException {
    ScriptedServer.json(x, 200, body, Map.of());
  }

  static BuildkiteException failure(BuildkiteClient c) {
    try {
      c.listPipelines();
    } catch (BuildkiteException e) {
      assertThat(e.getMessage()).doesNotContain(TOKEN);
      return e;
    }
    throw new AssertionError("the listing succeeded");
  }

  @Test
  void rateLimitWithRetryAfterZeroBacksOffInsteadOfBursting() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      if (r.number() <= 3) {
        ScriptedServer.json(x, 429, "{\"message\": \"slow down\"}", Map.of("Retry-After", "0", "RateLimit-Reset", "0"));
      } else {
        ok(x, PAGE);
      }
    })) {
      long t0 = System.nanoTime();
      assertThat(client(s).build().listPipelines()).hasSize(1);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(s.requests).hasSize(4);
      // backoff 20, 40, 80 ms with equal jitter: at least half of each
      assertThat(ms).as("waited between the retries").isGreaterThanOrEqualTo(70);
    }
  }

  @Test
  void retryAfterBeyondTheWaitLimitGivesUpAtOnce() throws Exception {
    for (String after : new String[] {"5", "3600"}) {
      try (ScriptedServer s = new ScriptedServer((r, x) ->
          ScriptedServer.json(x, 429, "{\"message\": \"rate limited\"}", Map.of("Retry-After", after)))) {
        BuildkiteException e = failure(client(s).build());
        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.getMessage()).contains("resets in " + after + " s, longer than the 2 s this client waits");
        assertThat(s.requests).as("no retry for a wait it will not make").hasSize(1);
      }
    }
  }

  @Test
  void retryAfterWithinTheWaitIsHonoured() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      if (r.number() == 1) {
        ScriptedServer.json(x, 429, "{}", Map.of("Retry-After", "1"));
      } else {
        ok(x, PAGE);
      }
    })) {
      long t0 = System.nanoTime();
      assertThat(client(s).build().listPipelines()).hasSize(1);
      assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void serverErrorBurstsAreRetriedThenGivenUp() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      if (r.number() <= 3) {
        ScriptedServer.json(x, 502, "{\"message\": \"bad gateway\"}", Map.of());
      } else {
        ok(x, PAGE);
      }
    })) {
      assertThat(client(s).build().listPipelines()).hasSize(1);
    }
    try (ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 500, "{\"message\": \"boom\"}", Map.of()))) {
      BuildkiteException e = failure(client(s).build());
      assertThat(e.reason()).isEqualTo(Reason.SERVER);
      assertThat(e.getMessage()).contains("HTTP 500").contains("boom").contains("gave up after 5 attempts");
      assertThat(s.requests).hasSize(5);
    }
  }

  @Test
  void aSilentServerIsRetriedFewerTimesThanAFailingOne() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    })) {
      BuildkiteException e = failure(client(s).requestTimeout(Duration.ofMillis(200)).build());
      assertThat(e.reason()).isEqualTo(Reason.NETWORK);
      assertThat(e.getMessage()).contains("timed out after 200 ms").contains("gave up after 2 attempts, 2 of them timed out");
      assertThat(s.requests).hasSize(2);
    }
  }

  @Test
  void aConnectionDroppedMidBodyIsRetried() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      if (r.number() == 1) {
        x.sendResponseHeaders(200, 10_000);
        OutputStream out = x.getResponseBody();
        out.write("[{\"id\": \"p1\", \"sl".getBytes());
        out.flush();
        x.getHttpContext().getServer();
        throw new IOException("drop");
      }
      ok(x, PAGE);
    })) {
      assertThat(client(s).build().listPipelines()).hasSize(1);
      assertThat(s.requests).hasSize(2);
    }
  }

  @Test
  void truncatedOrMalformedJsonIsAMalformedError() throws Exception {
    for (String body : new String[] {"[{\"id\": \"p1\", \"sl", "{\"not\": \"a list\"}", "<html>", "[1, 2]"}) {
      try (ScriptedServer s = new ScriptedServer((r, x) -> ok(x, body))) {
        BuildkiteException e = failure(client(s).maxTries(2).build());
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("not a JSON array of objects");
      }
    }
  }

  @Test
  void wrongFieldTypesNameTheBuild() throws Exception {
    String good = String.format(BUILD, 1, 1);
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(good.replace("\"number\": 1", "\"number\": \"seven\""), "build api (id b1): 'number' is \"seven\", not an integer");
    cases.put(good.replace("\"state\": \"passed\"", "\"state\": [\"passed\"]"), "build api #1 (id b1): 'state' is [\"passed\"], not a string");
    cases.put(good.replace("\"2025-01-01T00:00:00Z\"", "\"yesterday\""), "'created_at' is \"yesterday\", not an ISO-8601 timestamp");
    cases.put(good.replace("\"2025-01-01T00:00:00Z\"", "null"), "'created_at' is missing or null");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      try (ScriptedServer s = new ScriptedServer((r, x) -> ok(x, "[" + c.getKey() + "]"))) {
        assertThatThrownBy(() -> client(s).build().listBuilds(BuildQuery.organization())).as(c.getKey())
            .isInstanceOfSatisfying(BuildkiteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
            .hasMessageContaining(c.getValue());
      }
    }
  }

  @Test
  void aLinkNextBackToAPageAlreadyReadIsALoop() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      String next = r.pathAndQuery().contains("page=2") ? "?page=1" : "?page=2";
      ScriptedServer.json(x, 200, PAGE, Map.of("Link", "<" + "http://127.0.0.1:" + x.getLocalAddress().getPort()
          + "/v2/organizations/acme/pipelines" + next + ">; rel=\"next\""));
    })) {
      BuildkiteException e = failure(client(s).build());
      assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE);
      assertThat(e.getMessage()).contains("loops");
      assertThat(s.requests.size()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void endlessPaginationStopsAtTheListingBounds() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 200, PAGE, Map.of("Link",
        "</v2/organizations/acme/pipelines?page=" + (r.number() + 1) + ">; rel=\"next\"")))) {
      BuildkiteException e = failure(client(s).listingBounds(20, 1_000_000, 1L << 30).build());
      assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE);
      assertThat(e.getMessage()).contains("more than 20 pages").contains("limit 'listing-pages' is 20 pages")
          .contains("-Dcql.limit.listing-pages=N");
      assertThat(s.requests).hasSize(20);
    }
    try (ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 200, PAGE, Map.of("Link",
        "</v2/organizations/acme/pipelines?page=" + (r.number() + 1) + ">; rel=\"next\"")))) {
      assertThat(failure(client(s).listingBounds(1000, 5, 1L << 30).build()).getMessage()).contains("more than 5 items")
          .contains("limit 'listing-items' is 5 items").contains("-Dcql.limit.listing-items=N");
      assertThat(failure(client(s).listingBounds(1000, 1000, 300).build()).getMessage()).contains("more than 300 bytes")
          .contains("limit 'listing-bytes' is 300 bytes").contains("-Dcql.limit.listing-bytes=N");
    }
  }

  @Test
  void endlessPaginationOfAStreamedListingStopsAtItsBound() throws Exception {
    // a sync streams pages into the store instead of holding them, so its bound ('sync-pages') is on requests
    try (ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 200,
        "[" + String.format(BUILD, r.number(), r.number()) + "]",
        Map.of("Link", "</v2/organizations/acme/builds?page=" + (r.number() + 1) + ">; rel=\"next\"")))) {
      java.util.List<Object> seen = new java.util.ArrayList<>();
      assertThatThrownBy(() -> PageStream.builds(client(s).streamBound(30).build(), BuildQuery.organization(), 1,
          new RateBudget(0), seen::addAll, (done, total) -> { }))
          .isInstanceOfSatisfying(BuildkiteException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE);
            assertThat(e.getMessage()).contains("past 30 pages").contains("-Dcql.limit.sync-pages=N");
          });
      assertThat(s.requests).hasSize(30);
      assertThat(seen).hasSize(30);
    }
  }

  @Test
  void anUnauthorizedPageHalfwayFailsTheWholeListing() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      if (r.number() == 1) {
        ScriptedServer.json(x, 200, PAGE, Map.of("Link", "</v2/organizations/acme/pipelines?page=2>; rel=\"next\""));
      } else {
        ScriptedServer.json(x, 401, "{\"message\": \"Authentication required\"}", Map.of());
      }
    })) {
      BuildkiteException e = failure(client(s).build());
      assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE);
      assertThat(e.getMessage()).contains("page 2 failed after 1 page(s)").contains("rejected the API token");
    }
  }

  @Test
  void aRedirectToAnotherHostIsNamedAndNotFollowed() throws Exception {
    try (ScriptedServer elsewhere = new ScriptedServer((r, x) -> ok(x, PAGE));
        ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 302, "",
            Map.of("Location", "http://localhost:" + elsewhere.port() + "/v2/organizations/acme/pipelines?token=x")))) {
      BuildkiteException e = failure(client(s).build());
      assertThat(e.getMessage()).contains("redirect (HTTP 302 to http://localhost:" + elsewhere.port() + ")")
          .doesNotContain("token=x");
      assertThat(elsewhere.requests).as("the token followed no redirect").isEmpty();
      assertThat(s.requests).hasSize(1);
    }
    // a next link to another host is re-based onto the configured one: the token stays home
    try (ScriptedServer elsewhere = new ScriptedServer((r, x) -> ok(x, PAGE));
        ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 200, PAGE, r.number() == 1
            ? Map.of("Link", "<http://localhost:" + elsewhere.port() + "/v2/organizations/acme/pipelines?page=2>; rel=\"next\"")
            : Map.of()))) {
      assertThat(client(s).build().listPipelines()).hasSize(2);
      assertThat(elsewhere.requests).isEmpty();
      assertThat(s.requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    }
  }

  @Test
  void oversizedBodiesAreRefused() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> {
      x.sendResponseHeaders(200, r.number() == 1 ? 0 : 5_000); // chunked, then a declared length
      try (OutputStream out = x.getResponseBody()) {
        out.write('[');
        byte[] chunk = ("{\"id\": \"" + "x".repeat(1000) + "\"},").getBytes();
        for (int i = 0; i < (r.number() == 1 ? 100 : 4); i++) {
          out.write(chunk);
        }
      }
    })) {
      BuildkiteException e = failure(client(s).maxResponseBytes(4096).build());
      assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
      assertThat(e.getMessage()).contains("body larger than 4096 bytes").contains("limit 'response-size' is 4096 bytes")
          .contains("-Dcql.limit.response-size=N");
      assertThat(s.requests).as("not downloaded again").hasSize(1);
      BuildkiteException declared = failure(client(s).maxResponseBytes(4096).build());
      assertThat(declared.getMessage()).contains("body larger than 4096 bytes");
    }
  }

  @Test
  void theListingDeadlineEndsRetries() throws Exception {
    try (ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 503, "{}", Map.of("Retry-After", "1")))) {
      BuildkiteException e = failure(client(s).maxTries(10).listingDeadline(Duration.ofMillis(1500)).build());
      assertThat(e.getMessage()).contains("giving up").contains("deadline");
      assertThat(s.requests.size()).isBetween(1, 3);
    }
    // and a sync's deadline bounds every listing in it
    try (ScriptedServer s = new ScriptedServer((r, x) -> ScriptedServer.json(x, 503, "{}", Map.of("Retry-After", "1")))) {
      BuildkiteClient c = client(s).maxTries(10).build();
      assertThatThrownBy(() -> BuildkiteClient.withDeadline(Duration.ofMillis(500), c::listPipelines))
          .hasMessageContaining("giving up");
    }
  }
}
