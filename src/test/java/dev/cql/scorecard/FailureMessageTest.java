package dev.cql.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureMessageTest {

  static final String P = "context.evaluation.captures.";

  @Test
  void variablesAreFilledAndUnknownOnesStayVisible() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("code-cov", new BigDecimal("42.50"));
    c.put("name", "a<b>");
    c.put("none", null);
    assertThat(FailureMessage.render("cov {{" + P + "code-cov}}% for {{{" + P + "name}}} {{ " + P + "none }}", c))
        .isEqualTo("cov 42.5% for a<b> null");
    assertThat(FailureMessage.render("{{" + P + "missing}} and {{other.thing}}", c))
        .isEqualTo("{{" + P + "missing}} and {{other.thing}}");
    assertThat(FailureMessage.render(null, c)).isNull();
    assertThat(FailureMessage.render("no placeholders {{! a comment}}", c)).isEqualTo("no placeholders ");
  }

  @Test
  void sectionsIterateListsAsCortexSecurityRulesDo() {
    Map<String, Object> security = Map.of("alerts", List.of(
        Map.of("productName", "libfoo", "severity", "HIGH"),
        Map.of("productName", "libbar", "severity", "LOW")));
    String t = "{{#" + P + "security.alerts}}| {{productName}} | {{severity}} |\n{{/" + P + "security.alerts}}";
    assertThat(FailureMessage.render(t, Map.of("security", security)))
        .isEqualTo("| libfoo | HIGH |\n| libbar | LOW |\n");
    assertThat(FailureMessage.render("{{^" + P + "list}}empty{{/" + P + "list}}", Map.of("list", List.of())))
        .isEqualTo("empty");
    assertThat(FailureMessage.render("[{{" + P + "list}}] {{" + P + "list.length}}", Map.of("list", List.of(1, "x"))))
        .isEqualTo("[[1,\"x\"]] 2");
    assertThat(FailureMessage.render("{{#" + P + "x}}unclosed", Map.of("x", true))).isEqualTo("{{#" + P + "x}}unclosed");
  }
}
