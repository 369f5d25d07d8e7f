package dev.cql.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Warning;
import dev.cql.lang.Declarations;
import dev.cql.session.DataSession;
import dev.cql.syntax.AstPrinter;
import dev.cql.syntax.SyntaxParser;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LegacyFormsTest {

  private static final Declarations DECLS = DataSession.declarations();

  private static LegacyForms.Result rewrite(String src, String... variables) {
    return LegacyForms.rewrite(SyntaxParser.parse(src).ast(), DECLS, Set.of(variables), src);
  }

  @Test
  void singleEqualsAndSetLiteralBecomeMembershipWithTwoWarnings() {
    LegacyForms.Result r = rewrite("p.git_repository = {\"org/repo-name\"}", "p");
    assertThat(AstPrinter.print(r.ast())).isEqualTo("(in (. p git_repository) (set \"org/repo-name\"))");
    assertThat(r.warnings()).extracting(Warning::message).satisfiesExactly(
        m -> assertThat(m).contains("'=='"),
        m -> assertThat(m).contains("compare with the value itself: \"org/repo-name\""));
  }

  @Test
  void notEqualToASetLiteralIsNotMembership() {
    LegacyForms.Result r = rewrite("{1, 2} != x", "x");
    assertThat(AstPrinter.print(r.ast())).isEqualTo("(NOT (in x (set 1 2)))");
    assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("x in [1, 2]"));
  }

  @Test
  void twoSetLiteralsAreComparedAsSets() {
    LegacyForms.Result r = rewrite("{1} == {1}");
    assertThat(AstPrinter.print(r.ast())).isEqualTo("(== (set 1) (set 1))");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void shorthandOfACriterionBecomesANamedArgument() {
    LegacyForms.Result r = rewrite("buildkite.builds(states[\"passed\"]).length");
    assertThat(AstPrinter.print(r.ast())).isEqualTo("(. (method builds buildkite states=(list \"passed\")) length)");
    assertThat(r.warnings()).singleElement().satisfies(w -> {
      assertThat(w.message()).contains("write states=[\"passed\"]");
      assertThat(w.span().column()).isEqualTo(18);
    });
  }

  @Test
  void shorthandOfAVariableIsAnIndex() {
    LegacyForms.Result r = rewrite("[1, 2].contains(xs[0])", "xs");
    assertThat(AstPrinter.print(r.ast())).isEqualTo("(method contains (list 1 2) (index xs 0))");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void misspeltShorthandCriterionIsAnUnknownName() {
    assertThatThrownBy(() -> rewrite("buildkite.builds(statse[\"passed\"])")).isInstanceOfSatisfying(CqlException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
      assertThat(e.getMessage()).contains("no criterion 'statse'").contains("did you mean 'states'");
      assertThat(e.column()).isEqualTo(18);
    });
  }

  @Test
  void lambdaParameterShadowsANamespaceForShorthands() {
    LegacyForms.Result r = rewrite("[[1]].map(buildkite => [0].contains(buildkite[0]))");
    assertThat(AstPrinter.print(r.ast())).contains("(index buildkite 0)");
  }
}
