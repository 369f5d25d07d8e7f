package dev.cql.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleTestFileTest {

  @TempDir Path dir;
  final List<Object[]> opened = new ArrayList<>();

  final RuleTestFile.SessionProvider sessions = (data, now) -> {
    opened.add(new Object[] {data, now});
    return Fixture.session();
  };

  static final String CARD = """
      tag: t
      name: T
      ladder: {levels: [{name: Bronze, rank: 1}, {name: Silver, rank: 2}]}
      rules:
        - {identifier: has-bk, expression: buildkite != null, level: Bronze}
        - title: Few failures
          expression: captures("failed", buildkite.builds(states=["failed"]).length) == 0
          level: Silver
          failureMessage: "{{context.evaluation.captures.failed}} failed"
        - {identifier: edge, expression: 'true', filter: {groups: {include: [edge]}}}
      """;

  Path files(String tests) throws Exception {
    Files.writeString(dir.resolve("card.yaml"), CARD);
    Path t = dir.resolve("card.test.yaml");
    Files.writeString(t, tests);
    return t;
  }

  @Test
  void casesPassAndFailOnTheirOutcome() throws Exception {
    Path t = files("""
        scorecard: card.yaml
        now: 2026-11-01T12:00:00Z
        entity: alpha
        cases:
          - {name: ok-pass, rule: has-bk, expect: pass}
          - {name: ok-fail, rule: few-failures, expect: fail, message: "1 failed"}
          - {name: ok-error, entity: gamma, rule: few-failures, expect: error, error: null-value}
          - {name: ok-na, rule: edge, expect: n/a}
          - {name: ok-level, level: Bronze}
          - {name: ok-level-delta, entity: delta, level: Silver}
          - {name: ok-no-level, entity: gamma, level: No Level}
          - {name: wrong-outcome, rule: has-bk, expect: fail}
          - {name: wrong-message, rule: few-failures, expect: fail, message: "2 failed"}
          - {name: wrong-kind, entity: gamma, rule: few-failures, expect: error, error: type}
          - {name: wrong-level, level: Silver}
          - {name: unknown-rule, rule: has-bkk, expect: pass}
          - {name: unknown-entity, entity: omega, rule: has-bk, expect: pass}
          - {name: bad-expect, rule: has-bk, expect: maybe}
        """);
    List<RuleTestFile.CaseResult> r = RuleTestFile.run(t, sessions);
    assertThat(r).filteredOn(RuleTestFile.CaseResult::passed).extracting(RuleTestFile.CaseResult::id)
        .containsExactly("ok-pass", "ok-fail", "ok-error", "ok-na", "ok-level", "ok-level-delta", "ok-no-level");
    assertThat(r).filteredOn(c -> !c.passed()).extracting(RuleTestFile.CaseResult::id)
        .containsExactly("wrong-outcome", "wrong-message", "wrong-kind", "wrong-level", "unknown-rule", "unknown-entity",
            "bad-expect");
    assertThat(detail(r, "wrong-outcome")).isEqualTo("alpha / has-bk: expected fail, got pass");
    assertThat(detail(r, "wrong-level")).contains("expected the level Silver, got Bronze").contains("few-failures fail");
    assertThat(detail(r, "unknown-rule")).contains("did you mean 'has-bk'");
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0)[1]).hasToString("2026-11-01T12:00:00Z");
  }

  @Test
  void aRefusedScorecardFailsTheFile() throws Exception {
    Files.writeString(dir.resolve("card.yaml"), "tag: t\nname: T\nrules:\n  - {title: X, expression: nope()}\n");
    Path t = dir.resolve("x.test.yaml");
    Files.writeString(t, "scorecard: card.yaml\ncases:\n  - {entity: alpha, rule: x, expect: pass}\n  - {entity: alpha, rule: x, expect: fail}\n");
    List<RuleTestFile.CaseResult> r = RuleTestFile.run(t, sessions);
    assertThat(r).hasSize(1);
    assertThat(r.get(0).passed()).isFalse();
    assertThat(r.get(0).detail()).contains("refused").contains("card.yaml:4:");
  }

  @Test
  void recognisesRuleTestFilesByTheirScorecardKey() throws Exception {
    Path t = files("scorecard: card.yaml\ncases: []\n");
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, "cases:\n  - {expr: 1 + 1, result: 2}\n");
    assertThat(RuleTestFile.isRuleTestFile(t)).isTrue();
    assertThat(RuleTestFile.isRuleTestFile(plain)).isFalse();
    assertThat(RuleTestFile.run(dir.resolve("plain.yaml"), sessions)).singleElement()
        .satisfies(c -> assertThat(c.passed()).isFalse());
  }

  static String detail(List<RuleTestFile.CaseResult> r, String id) {
    return r.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().detail();
  }

}
