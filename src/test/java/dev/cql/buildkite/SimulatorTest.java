package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's own contract, checked with a plain HTTP client. */
class SimulatorTest {

  private static Simulator sim;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(Sim.data(), Sim.options().rateLimit(1000));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return BuildkiteJson.parse(r.body().getBytes());
  }

  @Test
  void defaultPageSizeIs30AndPerPageIsCappedAt100() throws Exception {
    assertThat(json(get("/v2/organizations/acme-inc/builds", Sim.TOKEN))).hasSize(30);
    assertThat(json(get("/v2/organizations/acme-inc/builds?per_page=500", Sim.TOKEN))).hasSize(100);
    assertThat(json(get("/v2/organizations/acme-inc/builds?page=99&per_page=100", Sim.TOKEN))).isEmpty();
  }

  @Test
  void linkHeaderHasBuildkiteRels() throws Exception {
    String base = sim.baseUrl() + "/v2/organizations/acme-inc/builds?branch=main&";
    HttpResponse<String> first = get("/v2/organizations/acme-inc/builds?branch=main&per_page=20", Sim.TOKEN);
    String link = first.headers().firstValue("Link").orElseThrow();
    assertThat(link).contains("<" + base + "page=2&per_page=20>; rel=\"next\"").contains("rel=\"last\"").doesNotContain("prev");
    HttpResponse<String> middle = get("/v2/organizations/acme-inc/builds?branch=main&per_page=20&page=2", Sim.TOKEN);
    assertThat(middle.headers().firstValue("Link").orElseThrow()).contains("rel=\"first\"", "rel=\"prev\"", "rel=\"next\"", "rel=\"last\"");
    String multi = get("/v2/organizations/acme-inc/builds?state%5B%5D=passed&state%5B%5D=failed&per_page=5", Sim.TOKEN)
        .headers().firstValue("Link").orElseThrow();
    assertThat(multi).contains("state%5B%5D=passed&state%5B%5D=failed&page=2&per_page=5");
    HttpResponse<String> single = get("/v2/organizations/acme-inc/pipelines", Sim.TOKEN);
    assertThat(single.headers().firstValue("Link")).isEmpty();
    assertThat(json(single)).hasSize(12);
  }

  @Test
  void errorsUseBuildkiteBodies() throws Exception {
    HttpResponse<String> r = get("/v2/organizations/acme-inc/pipelines", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("message").asText()).startsWith("Authentication required. Please supply a valid API Access Token");
    assertThat(get("/v2/organizations/acme-inc/pipelines", "nope").statusCode()).isEqualTo(401);
    r = get("/v2/organizations/other/pipelines", Sim.TOKEN);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("message").asText()).isEqualTo("No organization found");
    r = get("/v2/organizations/acme-inc/pipelines/ghost/builds", Sim.TOKEN);
    assertThat(json(r).get("message").asText()).isEqualTo("No pipeline found");
    r = get("/v2/organizations/acme-inc/pipelines/search/builds/999999", Sim.TOKEN);
    assertThat(json(r).get("message").asText()).isEqualTo("No build found");
  }

  @Test
  void rateLimitHeadersOnEveryResponse() throws Exception {
    HttpResponse<String> r = get("/v2/organizations/acme-inc/pipelines/search", Sim.TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("slug").asText()).isEqualTo("search");
    assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("1000");
    assertThat(r.headers().firstValue("RateLimit-User-Limit")).hasValue("1000");
    assertThat(Long.parseLong(r.headers().firstValue("RateLimit-Remaining").orElseThrow())).isBetween(0L, 999L);
    assertThat(Long.parseLong(r.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(1L, 60L);
  }

  @Test
  void excludeParametersRemoveKeysAndSingleBuildsAreServed() throws Exception {
    JsonNode withPipeline = json(get("/v2/organizations/acme-inc/builds?per_page=1", Sim.TOKEN)).get(0);
    assertThat(withPipeline.has("pipeline")).isTrue();
    JsonNode without = json(get("/v2/organizations/acme-inc/builds?per_page=1&exclude_pipeline=true", Sim.TOKEN)).get(0);
    assertThat(without.has("pipeline")).isFalse();
    String slug = withPipeline.get("pipeline").get("slug").asText();
    JsonNode one = json(get("/v2/organizations/acme-inc/pipelines/" + slug + "/builds/" + withPipeline.get("number").asText(), Sim.TOKEN));
    assertThat(one.get("id").asText()).isEqualTo(withPipeline.get("id").asText());
  }

  @Test
  void countsRequestsPerPath() throws Exception {
    long before = sim.requestCount("/v2/organizations/acme-inc/pipelines/web-app");
    get("/v2/organizations/acme-inc/pipelines/web-app", Sim.TOKEN);
    get("/v2/organizations/acme-inc/pipelines/web-app?x=1", Sim.TOKEN);
    assertThat(sim.requestCount("/v2/organizations/acme-inc/pipelines/web-app")).isEqualTo(before + 2);
  }

  @Test
  void branchWildcardIsAGlob() {
    assertThat(BuildFilter.glob("*dev*").matcher("feature/search-dev").matches()).isTrue();
    assertThat(BuildFilter.glob("feature/*").matcher("feature/x").matches()).isTrue();
    assertThat(BuildFilter.glob("feature/*").matcher("a/feature/x").matches()).isFalse();
    assertThat(BuildFilter.glob("main").matcher("main2").matches()).isFalse();
    assertThat(BuildFilter.glob("re.ease").matcher("release").matches()).isFalse();
  }
}
