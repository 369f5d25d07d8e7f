package dev.cql.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.session.DataSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

class ReportsTest {

  static ScorecardResult result;

  @BeforeAll
  static void evaluate() {
    DataSession s = Fixture.session();
    Scorecard card = Fixture.scorecard(s, """
        tag: ops
        name: Ops <Readiness> & more
        description: Checks "things"
        ladder:
          levels:
            - {name: Bronze, rank: 1, color: '#c38b5f'}
            - {name: Gold, rank: 2, color: 'red;background:url(x)'}
        filter: {types: {exclude: [library]}}
        rules:
          - title: Has pipelines
            identifier: has-pipelines
            expression: buildkite != null
            level: Bronze
          - title: No failures <script>alert(1)</script>
            identifier: no-failures
            expression: captures("failed", buildkite.builds(states=["failed"]).length) == 0
            level: Gold
            weight: 2
            failureMessage: "{{context.evaluation.captures.failed}} failed builds <b>in 30 days</b>"
          - title: Broken
            identifier: broken
            expression: entity.tag() + 1 == "x"
          - title: Edge only
            identifier: edge-only
            expression: 'true'
            filter: {groups: {include: [edge]}}
        """);
    result = card.evaluate(s, s.catalog().all(), Fixture.NOW);
  }

  @Test
  void text() {
    String t = TextReport.render(result);
    assertThat(t).contains("Ops <Readiness> & more (ops)");
    assertThat(t).containsPattern("(?m)^alpha\\s+1/4\\s+25\\.0%\\s+Bronze$");
    assertThat(t).containsPattern("(?m)^beta\\s+2/5\\s+40\\.0%\\s+Bronze$");
    assertThat(t).containsPattern("(?m)^delta\\s+4/5\\s+80\\.0%\\s+Gold$");
    assertThat(t).doesNotContainPattern("(?m)^gamma\\s");
    assertThat(t).contains("Not in scope (the scorecard's filter): gamma");
    assertThat(t).contains("Average: 48.3% over 3 entities");
    assertThat(t).contains("Levels: Gold 1, Bronze 2, No Level 0");
    assertThat(t).contains("FAIL  No failures <script>alert(1)</script> [no-failures, Gold, weight 2]\n"
        + "      1 failed builds <b>in 30 days</b>");
    assertThat(t).contains("ERROR Broken [broken, weight 1]\n      error[type] ");
  }

  @Test
  void jsonParsesBack() throws Exception {
    JsonNode j = new ObjectMapper().readTree(JsonReport.render(result));
    assertThat(j.at("/scorecard/tag").asText()).isEqualTo("ops");
    assertThat(j.at("/scorecard/levels/1/name").asText()).isEqualTo("Gold");
    assertThat(j.at("/summary/average_percentage").asDouble()).isEqualTo(48.3);
    assertThat(j.at("/summary/levels/Gold").asInt()).isEqualTo(1);
    assertThat(j.at("/summary/errored").asInt()).isEqualTo(3);
    JsonNode alpha = j.at("/entities/0");
    assertThat(alpha.get("tag").asText()).isEqualTo("alpha");
    assertThat(alpha.get("score").asInt()).isEqualTo(1);
    assertThat(alpha.get("total").asInt()).isEqualTo(4);
    assertThat(alpha.get("percentage").asDouble()).isEqualTo(25.0);
    assertThat(alpha.get("level").asText()).isEqualTo("Bronze");
    JsonNode nf = alpha.at("/rules/1");
    assertThat(nf.get("outcome").asText()).isEqualTo("fail");
    assertThat(nf.at("/captures/failed").asInt()).isEqualTo(1);
    assertThat(nf.get("message").asText()).isEqualTo("1 failed builds <b>in 30 days</b>");
    assertThat(alpha.at("/rules/2/outcome").asText()).isEqualTo("error");
    assertThat(alpha.at("/rules/2/error_kind").asText()).isEqualTo("type");
    assertThat(alpha.at("/rules/3/outcome").asText()).isEqualTo("n/a");
    JsonNode gamma = j.at("/entities/3"); // by tag: alpha, beta, delta, gamma
    assertThat(gamma.get("tag").asText()).isEqualTo("gamma");
    assertThat(gamma.get("in_scope").asBoolean()).isFalse();
    assertThat(gamma.get("percentage").isNull()).isTrue();
  }

  @Test
  void junitXmlParsesWithADomParser() throws Exception {
    String xml = JunitReport.render(result);
    org.w3c.dom.Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    org.w3c.dom.Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo("16");
    assertThat(root.getAttribute("failures")).isEqualTo("2"); // alpha and beta fail no-failures
    assertThat(root.getAttribute("errors")).isEqualTo("3"); // broken, for alpha, beta, delta
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(16);
    org.w3c.dom.Element alphaNoFailures = null;
    for (int i = 0; i < cases.getLength(); i++) {
      org.w3c.dom.Element c = (org.w3c.dom.Element) cases.item(i);
      if (c.getAttribute("classname").equals("ops.alpha") && c.getAttribute("name").equals("no-failures")) {
        alphaNoFailures = c;
      }
    }
    assertThat(alphaNoFailures).isNotNull();
    org.w3c.dom.Element failure = (org.w3c.dom.Element) alphaNoFailures.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("1 failed builds <b>in 30 days</b>");
    assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(3);
    assertThat(((org.w3c.dom.Element) doc.getElementsByTagName("error").item(0)).getAttribute("type")).isEqualTo("type");
    // gamma is out of scope: 4 skipped; edge-only for alpha: 1 skipped
    assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(5);
  }

  @Test
  void htmlIsOneSelfContainedEscapedPage() {
    String html = HtmlReport.render(result);
    Document d = Jsoup.parse(html);
    assertThat(d.select("script")).isEmpty();
    assertThat(d.select("link, img, iframe, [src]")).isEmpty();
    assertThat(d.select("style")).hasSize(1);
    assertThat(d.title()).isEqualTo("Ops <Readiness> & more — scorecard");
    assertThat(d.select("h1").text()).isEqualTo("Ops <Readiness> & more");
    // the matrix: one row per entity in scope, one cell per rule
    assertThat(d.select("table.matrix tbody tr")).extracting(e -> e.attr("data-entity")).containsExactly("alpha", "beta", "delta");
    Element alpha = d.selectFirst("table.matrix tr[data-entity=alpha]");
    assertThat(alpha.select("td.cell")).extracting(e -> e.attr("data-outcome")).containsExactly("pass", "fail", "error", "n/a");
    assertThat(alpha.selectFirst("td.level").text()).isEqualTo("Bronze");
    assertThat(alpha.selectFirst("td.score").text()).isEqualTo("1/4");
    assertThat(alpha.selectFirst("td.percent").text()).isEqualTo("25.0%");
    assertThat(d.selectFirst("tr[data-entity=delta] td.level").text()).isEqualTo("Gold");
    assertThat(d.select("table.matrix th.rule").eachText()).contains("No failures <script>alert(1)</script>");
    // A rotated header is cut inside its own box (checked in Chromium: a long title overlapped the text above the
    // table when the header cell itself was rotated and capped): the rotated box clips, the cell grows to it,
    // and the whole title stays in the tooltip.
    Element header = d.selectFirst("table.matrix th.rule[data-rule=no-failures]");
    assertThat(header.selectFirst("div.rh").text()).isEqualTo("No failures <script>alert(1)</script>");
    assertThat(header.attr("title")).startsWith("No failures <script>alert(1)</script> (no-failures, Gold, weight 2");
    String css = d.selectFirst("style").data();
    assertThat(css).containsPattern("\\.matrix th\\.rule\\{[^}]*vertical-align:bottom")
        .containsPattern("\\.matrix th\\.rule \\.rh\\{[^}]*writing-mode:vertical-rl[^}]*max-height:[^}]*overflow:hidden[^}]*text-overflow:ellipsis")
        .doesNotContainPattern("\\.matrix th\\.rule\\{[^}]*(max-height|writing-mode)");
    // levels, with the unsafe color dropped when the file loaded
    assertThat(d.select("ul.levels li").eachAttr("data-level")).containsExactly("Gold", "Bronze", "No Level");
    assertThat(d.selectFirst("li[data-level=Bronze] .swatch").attr("style")).isEqualTo("background:#c38b5f");
    assertThat(d.selectFirst("li[data-level=Gold] .swatch")).isNull();
    // failure messages, escaped
    Element msg = d.selectFirst("#entity-alpha li[data-rule=no-failures] .msg");
    assertThat(msg.text()).isEqualTo("1 failed builds <b>in 30 days</b>");
    assertThat(msg.select("b")).isEmpty();
    assertThat(d.selectFirst("#entity-alpha li[data-rule=broken]").text()).contains("Errored").contains("[type]");
    assertThat(d.selectFirst("p.out-of-scope").text()).contains("gamma");
    assertThat(d.selectFirst("#average").text()).isEqualTo("48.3%");
  }

  @Test
  void reportTimestampsAreToTheSecondAndJsonKeysAreSnakeCase() throws Exception {
    DataSession s = Fixture.session();
    Scorecard card = Fixture.scorecard(s, """
        tag: t
        name: T
        rules:
          - title: Has pipelines
            expression: buildkite != null
        """);
    ScorecardResult r = card.evaluate(s, s.catalog().all(), java.time.Instant.parse("2026-11-01T12:00:00.123456789Z"));
    for (String report : java.util.List.of(TextReport.render(r), JsonReport.render(r), JunitReport.render(r), HtmlReport.render(r))) {
      assertThat(report).contains("2026-11-01T12:00:00").doesNotContain(".123");
    }
    assertThat(TextReport.render(r)).contains("evaluated at 2026-11-01T12:00:00Z\n");
    java.util.List<String> keys = new java.util.ArrayList<>();
    collectKeys(new ObjectMapper().readTree(JsonReport.render(result)), keys);
    assertThat(keys).contains("in_scope", "average_percentage", "not_applicable", "error_kind")
        .allSatisfy(k -> assertThat(k).matches("[a-z][a-z0-9_]*"));
  }

  /** Every object key of the report's schema (not the keys of data maps: level names, capture names). */
  private static void collectKeys(JsonNode n, java.util.List<String> keys) {
    if (n.isArray()) {
      n.forEach(e -> collectKeys(e, keys));
    } else if (n.isObject()) {
      n.fields().forEachRemaining(e -> {
        keys.add(e.getKey());
        boolean data = e.getKey().equals("captures") || (e.getKey().equals("levels") && e.getValue().isObject());
        if (!data) {
          collectKeys(e.getValue(), keys);
        }
      });
    }
  }
}
