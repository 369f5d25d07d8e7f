package dev.cql.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cql.session.DataSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorecardLoadTest {

  final Fixture.MemorySource source = Fixture.source();
  final DataSession session = Fixture.session(source);

  ScorecardException refused(String yaml) {
    ScorecardException e = catchThrowableOfType(ScorecardException.class,
        () -> Scorecard.parse(yaml, "card.yaml", session.engine()));
    assertThat(e).as("the file should be refused").isNotNull();
    return e;
  }

  Problem onlyError(String yaml) {
    List<Problem> errors = refused(yaml).errors();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void loadsTheExampleWithLevelsRulesAndWarnings() throws Exception {
    Scorecard card = Scorecard.load(Path.of("examples/production-readiness.yaml"), session.engine());
    assertThat(card.tag()).isEqualTo("production-readiness");
    assertThat(card.levels()).extracting(Level::name).containsExactly("Bronze", "Silver", "Gold");
    assertThat(card.rules()).hasSize(8);
    assertThat(card.rule("has-buildkite").orElseThrow().weight()).isEqualTo(2);
    // the seed's legacy forms are accepted with warnings, at their place in the file
    assertThat(card.warnings()).allMatch(p -> !p.isError());
    Problem states = card.warnings().stream().filter(p -> p.message().contains("states=")).findFirst().orElseThrow();
    assertThat(states.rule()).isEqualTo("rule \"Built successfully in the last 30 days\"");
    assertThat(states.line()).isEqualTo(41);
    assertThat(states.column()).isEqualTo(34);
  }

  @Test
  void aBadRuleIsRefusedWithItsTitleAndThePositionInTheFile() {
    Problem p = onlyError("""
        tag: t
        name: T
        rules:
          - title: Good
            expression: buildkite != null
          - title: Misspelt
            expression: buildkite.bilds().length > 0
        """);
    assertThat(p.rule()).isEqualTo("rule \"Misspelt\"");
    assertThat(p.kind()).isEqualTo("unknown-name");
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.column()).isEqualTo(27); // the 'b' of bilds: 17 + "buildkite.".length
    assertThat(p.message()).contains("bilds");
    assertThat(p.render()).startsWith("error[unknown-name] card.yaml:7:27: rule \"Misspelt\": ")
        .contains("\n    expression: buildkite.bilds().length > 0\n                          ^");
    assertThat(source.calls.get()).as("no data is fetched for a refused file").isZero();
  }

  @Test
  void positionsInQuotedScalars() {
    Problem dq = onlyError("""
        tag: t
        name: T
        rules:
          - {title: DQ, expression: "entity.tag() == \\"a\\" AND 1 +"}
        """);
    assertThat(dq.kind()).isEqualTo("syntax");
    assertThat(dq.line()).isEqualTo(4);
    // `  - {title: DQ, expression: "` is 30 characters; the value's end (offset 26) is 2 escapes further on
    assertThat(dq.column()).isEqualTo(31 + 26 + 2);
    Problem sq = onlyError("""
        tag: t
        name: T
        rules:
          - title: SQ
            expression: 'entity.tag() == ''a'' AND nope'
        """);
    assertThat(sq.kind()).isEqualTo("unknown-name");
    assertThat(sq.line()).isEqualTo(5);
    assertThat(sq.column()).isEqualTo(18 + "entity.tag() == ''a'' AND ".length());
  }

  @Test
  void positionsInBlockScalars() {
    Problem literal = onlyError("""
        tag: t
        name: T
        rules:
          - title: Literal
            expression: |
              buildkite != null AND
                buildkite.builds(colour="red").length > 0
        """);
    assertThat(literal.kind()).isEqualTo("unknown-name");
    assertThat(literal.line()).isEqualTo(7);
    assertThat(literal.column()).isEqualTo(26);
    Problem folded = onlyError("""
        tag: t
        name: T
        rules:
          - title: Folded
            expression: >
              buildkite != null
              AND
              length(3)
        """);
    assertThat(folded.line()).isEqualTo(8);
    assertThat(folded.column()).isEqualTo(7);
  }

  @Test
  void filterQueriesAreCompiledToo() {
    ScorecardException e = refused("""
        tag: t
        name: T
        filter:
          query: entity.tagg() == "x"
        rules:
          - title: R
            expression: 'true'
            filter:
              query: 'undefinedThing'
        """);
    assertThat(e.errors()).extracting(Problem::rule, Problem::line, Problem::column).containsExactly(
        org.assertj.core.groups.Tuple.tuple("the scorecard's filter query", 4, 17),
        org.assertj.core.groups.Tuple.tuple("rule \"R\", filter query", 9, 15));
  }

  @Test
  void unknownKeysAreWarnings() {
    Scorecard card = Fixture.scorecard(session, """
        tag: t
        name: T
        colour: blue
        rules:
          - title: R
            expression: 'true'
            wieght: 3
            filter: {types: {include: [service]}, tipes: []}
        """);
    assertThat(card.warnings()).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, 1, "unknown key 'colour' in the scorecard is ignored"),
        org.assertj.core.groups.Tuple.tuple(7, 5, "unknown key 'wieght' in the rule is ignored; did you mean 'weight'?"),
        org.assertj.core.groups.Tuple.tuple(8, 43, "unknown key 'tipes' in the filter is ignored; did you mean 'types'?"));
    assertThat(card.warnings().get(1).rule()).isEqualTo("rule \"R\"");
    assertThat(card.rules().get(0).weight()).isEqualTo(1);
  }

  @Test
  void structuralErrorsHaveLineAndColumn() {
    assertThat(onlyError("tag: t\nname: T\nrules: {a: 1}\n")).extracting(Problem::line, Problem::column, Problem::message)
        .containsExactly(3, 9, "'rules' must be a list of rules, not a mapping"); // a mapping is where its first key is
    assertThat(onlyError("name: T\nrules: []\n").message()).isEqualTo("'tag' is required");
    Problem weight = onlyError("tag: t\nname: T\nrules:\n  - title: R\n    expression: 'true'\n    weight: -2\n");
    assertThat(weight).extracting(Problem::line, Problem::column, Problem::rule).containsExactly(6, 13, "rule \"R\"");
    assertThat(weight.message()).contains("whole number");
    Problem level = onlyError("""
        tag: t
        name: T
        ladder: {levels: [{name: Bronze, rank: 1}, {name: Silver, rank: 2}]}
        rules:
          - {title: R, expression: 'true', level: Silvr}
        """);
    assertThat(level.message()).contains("no level 'Silvr'").contains("did you mean 'Silver'");
    assertThat(level.column()).isEqualTo(43);
    Problem rank = onlyError("tag: t\nname: T\nladder: {levels: [{name: A, rank: 1}, {name: B, rank: 1}]}\nrules: []\n");
    assertThat(rank.message()).contains("rank 1 is used twice");
    Problem dup = onlyError("tag: t\nname: T\nrules:\n  - {identifier: x, expression: 'true'}\n  - {identifier: x, expression: 'false'}\n");
    assertThat(dup).extracting(Problem::line, Problem::message).containsExactly(5, "the identifier 'x' is used twice (first at 4:18)");
    Problem yaml = onlyError("tag: t\nname: T\nrules:\n  - title: [unclosed\n");
    assertThat(yaml.message()).startsWith("not valid YAML");
    assertThat(yaml.line()).isGreaterThanOrEqualTo(4);
    Problem twice = onlyError("tag: t\nname: T\ntag: u\nrules: []\n");
    assertThat(twice).extracting(Problem::line, Problem::column).containsExactly(3, 1);
    assertThat(onlyError("- a\n- b\n").message()).contains("a scorecard file is a mapping");
    assertThat(onlyError("tag: t\nname: T\nrules:\n  - {title: no expression}\n").message()).isEqualTo("the rule has no 'expression'");
  }

  @Test
  void identifiersDefaultToTheTitleSlug() {
    Scorecard card = Fixture.scorecard(session, """
        tag: t
        name: T
        rules:
          - {title: "Has a README!", expression: 'true'}
          - {title: "Has a README", expression: 'true'}
          - {expression: 'true'}
        """);
    assertThat(card.rules()).extracting(Rule::identifier).containsExactly("has-a-readme", "has-a-readme-2", "rule-3");
    assertThat(card.rule("Has a README!").orElseThrow().identifier()).isEqualTo("has-a-readme");
  }

  @Test
  void loadingAMissingFileIsAnIoError() {
    assertThatThrownBy(() -> Scorecard.load(Path.of("no/such/file.yaml"), session.engine()))
        .isInstanceOf(java.io.IOException.class);
  }
}
