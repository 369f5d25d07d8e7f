package dev.cql.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cql.session.DataSession;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorecardEvaluateTest {

  static final String LADDER = """
      ladder:
        levels:
          - {name: Bronze, rank: 1}
          - {name: Silver, rank: 2}
          - {name: Gold, rank: 3}
      """;

  static ScorecardResult run(String yaml) {
    DataSession s = Fixture.session();
    Scorecard card = Fixture.scorecard(s, yaml);
    return card.evaluate(s, s.catalog().all(), Fixture.NOW);
  }

  @Test
  void ladderGivesTheHighestLevelWhoseRulesAndAllLowerRulesPass() {
    ScorecardResult r = run("tag: t\nname: T\n" + LADDER + """
        rules:
          - {title: has pipelines, expression: buildkite != null, level: Bronze}
          - {title: a passed build, expression: 'buildkite.builds(states=["passed"]).length >= 1', level: Silver}
          - {title: no failures, expression: 'buildkite.builds(states=["failed"]).length == 0', level: Gold}
        """);
    // alpha: Bronze, Silver pass; Gold fails (1 failed build)
    assertThat(r.entity("alpha").level()).isEqualTo("Silver");
    // delta: everything passes
    assertThat(r.entity("delta").level()).isEqualTo("Gold");
    // beta: Bronze passes, Silver fails (no passed build), Gold fails
    assertThat(r.entity("beta").level()).isEqualTo("Bronze");
    // gamma: buildkite is null: Bronze fails, the other rules error
    assertThat(r.entity("gamma").level()).isNull();
    assertThat(r.entity("gamma").levelName()).isEqualTo("No Level");
  }

  @Test
  void failingTheLowestLevelMeansNoLevelEvenWhenHigherLevelsPass() {
    ScorecardResult r = run("tag: t\nname: T\n" + LADDER + """
        rules:
          - {title: is a library, expression: entity.type() == "library", level: Bronze}
          - {title: always, expression: 'true', level: Silver}
          - {title: always too, expression: 1 == 1, level: Gold}
        """);
    assertThat(r.entity("delta").levelName()).isEqualTo("No Level");
    assertThat(r.entity("delta").score()).isEqualTo(2);
    assertThat(r.entity("gamma").level()).isEqualTo("Gold");
  }

  @Test
  void aHigherLevelNeedsEveryLowerLevel() {
    ScorecardResult r = run("tag: t\nname: T\n" + LADDER + """
        rules:
          - {title: b, expression: 'true', level: Bronze}
          - {title: s, expression: entity.tag() == "alpha", level: Silver}
          - {title: g, expression: 'true', level: Gold}
        """);
    assertThat(r.entity("alpha").level()).isEqualTo("Gold");
    assertThat(r.entity("beta").level()).isEqualTo("Bronze"); // passes Gold's rule, but not Silver's
  }

  @Test
  void rulesWithoutALevelCountForTheScoreOnly() {
    ScorecardResult r = run("tag: t\nname: T\n" + LADDER + """
        rules:
          - {title: b, expression: 'true', level: Bronze}
          - {title: unlevelled, expression: 'false', weight: 5}
        """);
    assertThat(r.entity("alpha").level()).isEqualTo("Gold"); // levels without rules are held vacuously
    assertThat(r.entity("alpha").score()).isEqualTo(1);
    assertThat(r.entity("alpha").total()).isEqualTo(6);
  }

  @Test
  void weightsScoresAndPercentages() {
    ScorecardResult r = run("""
        tag: t
        name: T
        rules:
          - {title: heavy, expression: entity.type() == "service", weight: 3}
          - {title: core, expression: hasGroup("core"), weight: 1}
          - {title: light, expression: entity.tag() == "alpha"}
          - {title: nothing, expression: 'true', weight: 0}
        """);
    EntityResult alpha = r.entity("alpha");
    assertThat(alpha.score()).isEqualTo(5);
    assertThat(alpha.total()).isEqualTo(5);
    assertThat(alpha.percentage()).isEqualTo(100.0);
    EntityResult beta = r.entity("beta");
    assertThat(beta.score()).isEqualTo(3);
    assertThat(beta.percentage()).isCloseTo(60.0, within(1e-9));
    EntityResult gamma = r.entity("gamma");
    assertThat(gamma.score()).isEqualTo(1);
    assertThat(gamma.percentage()).isCloseTo(20.0, within(1e-9));
    assertThat(gamma.rule("heavy").score()).isZero();
    assertThat(gamma.rule("core").score()).isEqualTo(1);
    // delta: heavy 3 of 5
    assertThat(r.averagePercentage().getAsDouble()).isCloseTo((100 + 60 + 20 + 60) / 4.0, within(1e-9));
  }

  @Test
  void ruleFiltersDropTheRuleFromTheScore() {
    ScorecardResult r = run("""
        tag: t
        name: T
        rules:
          - title: services only
            expression: 'false'
            weight: 10
            filter: {kind: GENERIC, types: {include: [service]}}
          - title: not libraries
            expression: 'true'
            weight: 1
            filter: {types: {exclude: [library]}}
          - title: core group
            expression: 'true'
            weight: 2
            filter: {groups: {include: [core, nowhere]}}
          - title: not edge
            expression: 'true'
            weight: 4
            filter: {groups: {exclude: [edge]}}
          - title: by query
            expression: 'false'
            weight: 8
            filter: {query: entity.tag() == "delta"}
        """);
    EntityResult gamma = r.entity("gamma"); // library, core
    assertThat(gamma.rule("services-only").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(gamma.rule("not-libraries").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(gamma.rule("core-group").outcome()).isEqualTo(Outcome.PASSED);
    assertThat(gamma.rule("not-edge").outcome()).isEqualTo(Outcome.PASSED);
    assertThat(gamma.rule("by-query").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(gamma.total()).isEqualTo(6);
    assertThat(gamma.percentage()).isEqualTo(100.0);
    EntityResult delta = r.entity("delta"); // service, edge
    assertThat(delta.rules()).extracting(RuleResult::outcome).containsExactly(Outcome.FAILED, Outcome.PASSED,
        Outcome.NOT_APPLICABLE, Outcome.NOT_APPLICABLE, Outcome.FAILED);
    assertThat(delta.score()).isEqualTo(1);
    assertThat(delta.total()).isEqualTo(19);
  }

  @Test
  void scorecardFilterTakesEntitiesOutOfScope() {
    ScorecardResult r = run("""
        tag: t
        name: T
        filter:
          kind: GENERIC
          types: {include: [service]}
          groups: {exclude: [core]}
          query: entity.tag() != "beta"
        rules:
          - {title: r, expression: 'true'}
        """);
    assertThat(r.inScope()).extracting(EntityResult::tag).containsExactly("delta");
    EntityResult gamma = r.entity("gamma");
    assertThat(gamma.inScope()).isFalse();
    assertThat(gamma.rule("r").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(gamma.percentage()).isNull();
    assertThat(r.entity("beta").inScope()).isFalse();
    assertThat(r.entity("beta").rule("r").message()).contains("filter query");
    assertThat(r.averagePercentage().getAsDouble()).isEqualTo(100.0);
  }

  @Test
  void erroredRulesAreCountedApartAndBlockLevels() {
    ScorecardResult r = run("tag: t\nname: T\n" + LADDER + """
        rules:
          - {title: ok, expression: 'true', level: Bronze}
          - {title: not a boolean, expression: 1 + 1, level: Silver}
          - {title: compares a string with a number, expression: entity.tag() < 3, weight: 2}
        """);
    EntityResult alpha = r.entity("alpha");
    RuleResult nb = alpha.rule("not-a-boolean");
    assertThat(nb.outcome()).isEqualTo(Outcome.ERRORED);
    assertThat(nb.errorKind()).isEqualTo("type");
    assertThat(nb.message()).contains("boolean").contains("2");
    RuleResult cmp = alpha.rule("compares-a-string-with-a-number");
    assertThat(cmp.outcome()).isEqualTo(Outcome.ERRORED);
    assertThat(cmp.errorKind()).isEqualTo("type");
    assertThat(alpha.count(Outcome.ERRORED)).isEqualTo(2);
    assertThat(alpha.count(Outcome.FAILED)).isZero();
    assertThat(alpha.score()).isEqualTo(1);
    assertThat(alpha.total()).isEqualTo(4);
    assertThat(alpha.level()).isEqualTo("Bronze");
    assertThat(r.count(Outcome.ERRORED)).isEqualTo(8);
  }

  @Test
  void aDataSourceFailureErrorsTheRuleWithKindData() {
    Fixture.MemorySource src = Fixture.source();
    src.broken = true;
    DataSession s = Fixture.session(src);
    Scorecard card = Fixture.scorecard(s, """
        tag: t
        name: T
        rules:
          - {title: builds, expression: 'buildkite.builds().length > 0'}
          - {title: plain, expression: entity.tag() != ""}
        """);
    ScorecardResult r = card.evaluate(s, s.catalog().all(), Fixture.NOW);
    RuleResult builds = r.entity("alpha").rule("builds");
    assertThat(builds.outcome()).isEqualTo(Outcome.ERRORED);
    assertThat(builds.errorKind()).isEqualTo("data");
    assertThat(builds.message()).contains("502");
    assertThat(r.entity("alpha").rule("plain").outcome()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void runtimeErrorPositionsAreInTheFile() {
    ScorecardResult r = run("""
        tag: t
        name: T
        rules:
          - title: null namespace
            expression: |
              entity.tag() != "" AND
                buildkite.pipelines().length > 0
        """);
    RuleResult g = r.entity("gamma").rule("null-namespace");
    assertThat(g.outcome()).isEqualTo(Outcome.ERRORED);
    assertThat(g.errorKind()).isEqualTo("null-value");
    // at pipelines, the member of the null namespace (grammar-docs, Decisions: error positions)
    assertThat(g.message()).startsWith("error[null-value] 7:19: ");
  }

  @Test
  void capturesFillTheFailureMessage() {
    ScorecardResult r = run("""
        tag: t
        name: T
        rules:
          - title: few failures
            expression: captures("failed", buildkite.builds(states=["failed"]).length) == 0
            failureMessage: "{{context.evaluation.captures.failed}} failed builds in 30 days; {{context.evaluation.captures.nope}}"
          - title: list
            expression: 'captures("builds", buildkite.builds(states=["failed"]).map(b => b.number)).length < 0'
            failureMessage: "failed: {{#context.evaluation.captures.builds}}#{{.}} {{/context.evaluation.captures.builds}}"
        """);
    RuleResult beta = r.entity("beta").rule("few-failures");
    assertThat(beta.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(beta.captures()).containsEntry("failed", 2L);
    assertThat(beta.message()).isEqualTo("2 failed builds in 30 days; {{context.evaluation.captures.nope}}");
    assertThat(r.entity("delta").rule("few-failures").outcome()).isEqualTo(Outcome.PASSED);
    assertThat(r.entity("delta").rule("few-failures").message()).isNull();
    assertThat(r.entity("beta").rule("list").message()).isEqualTo("failed: #1 #2 "); // newest first: #1 is a day old, #2 two days
  }

  @Test
  void effectiveFromLaterMakesTheRuleNotApplicable() {
    ScorecardResult r = run("""
        tag: t
        name: T
        rules:
          - {title: later, expression: 'false', effectiveFrom: '2027-01-01T00:00:00Z'}
          - {title: earlier, expression: 'false', effectiveFrom: '2026-01-01T00:00:00Z'}
        """);
    assertThat(r.entity("alpha").rule("later").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(r.entity("alpha").rule("earlier").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.entity("alpha").total()).isEqualTo(1);
  }

  @Test
  void concurrentEvaluationMatchesASingleThread() {
    DataSession s = Fixture.session();
    Scorecard card = Fixture.scorecard(s, """
        tag: t
        name: T
        rules:
          - {title: a, expression: 'captures("n", buildkite.builds().length) > 2'}
          - {title: b, expression: 'buildkite.pipelines().any(p => p.slug == entity.tag())'}
          - {title: c, expression: 'buildkite.builds(states=["failed"]).length == 0'}
        """);
    List<dev.cql.entity.Entity> many = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      many.addAll(s.catalog().all());
    }
    ScorecardResult one = card.evaluate(s, s.catalog().all(), Fixture.NOW, 1, null);
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    ScorecardResult eight = card.evaluate(s, many, Fixture.NOW, 8, (e, done, total) -> calls.incrementAndGet());
    assertThat(calls.get()).isEqualTo(40);
    assertThat(eight.entities()).hasSize(40);
    for (EntityResult e : eight.entities()) {
      assertThat(e).isEqualTo(one.entity(e.tag()));
    }
  }
}
