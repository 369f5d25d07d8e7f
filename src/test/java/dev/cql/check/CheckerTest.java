package dev.cql.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.lang.Checked;
import dev.cql.lang.Declarations;
import dev.cql.lang.Kind;
import dev.cql.lang.Node;
import dev.cql.lang.Resolution;
import dev.cql.lang.Type;
import dev.cql.session.DataSession;
import dev.cql.syntax.SyntaxParser;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckerTest {

  private static final Declarations DECLS = DataSession.declarations();

  private static Checked check(String src, String... variables) {
    return Checker.check(SyntaxParser.parse(src).ast(), DECLS, Set.of(variables), src);
  }

  private static Type typeOf(String src, String... variables) {
    Checked c = check(src, variables);
    return c.typeOf(c.ast());
  }

  private static CqlException error(String src, String... variables) {
    try {
      check(src, variables);
    } catch (CqlException e) {
      return e;
    }
    throw new AssertionError("no error for " + src);
  }

  @Test
  void infersTheTypesOfCallsFieldsAndLambdaParameters() {
    Checked c = check("buildkite.builds().filter(b => b.pipeline.tags.length > 0).first().created_at");
    assertThat(c.typeOf(c.ast())).isEqualTo(Type.DATETIME);
    Node.Member createdAt = (Node.Member) c.ast();
    assertThat(c.typeOf(createdAt.target()).object().name()).isEqualTo("build");
    assertThat(typeOf("[1, 2].map(x => x * 2)")).isEqualTo(Type.list(Type.NUMBER));
    assertThat(typeOf("v.anything", "v")).isEqualTo(Type.DYN);
  }

  @Test
  void unknownFieldOfAKnownObjectTypeIsFoundBeforeEvaluating() {
    CqlException e = error("buildkite.builds().any(b => b.brnch == \"main\")");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
    assertThat(e.getMessage()).contains("a build has no field 'brnch'").contains("did you mean 'branch'");
    assertThat(e.column()).isEqualTo(31);
    assertThat(error("buildkite.pipelines()[0][\"slg\"]").getMessage()).contains("did you mean 'slug'");
  }

  @Test
  void resolvesEachCallOnceWithCanonicalNamedArguments() {
    Checked c = check("buildkite.builds(state=\"passed\", branches=[\"main\"])");
    Resolution r = c.resolutions().values().iterator().next();
    assertThat(r.target()).isEqualTo(Resolution.Target.NAMESPACE_MEMBER);
    assertThat(r.named().keySet()).containsExactly("state", "branch");
    assertThat(c.rootNames()).containsExactly("buildkite");
    assertThat(c.entityScoped()).isTrue();
    assertThat(check("1 + limit", "limit").entityScoped()).isFalse();
    assertThat(check("custom(\"tier\") == 1").entityScoped()).isTrue();
  }

  @Test
  void anUnknownNameTakesPriorityOverAnArityError() {
    assertThat(error("now(nope)").kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
    assertThat(error("now(1)").kind()).isEqualTo(ErrorKind.ARITY);
    assertThat(error("[1].any(1, 2)").kind()).isEqualTo(ErrorKind.ARITY);
  }

  @Test
  void lambdasOnlyAsArgumentsOfMethodsThatTakeThem() {
    assertThat(error("[1].contains(x => x)").kind()).isEqualTo(ErrorKind.TYPE);
    assertThat(error("[1].any(1)").getMessage()).contains("expects a lambda here");
    assertThat(error("[1].any((a, b) => a)").kind()).isEqualTo(ErrorKind.ARITY);
  }

  @Test
  void constantRegexIsCheckedWhenCompiling() {
    CqlException e = error("\"a\".matches(\"(\")");
    assertThat(e.kind()).isEqualTo(ErrorKind.SYNTAX);
    assertThat(e.column()).isEqualTo(13);
  }

  @Test
  void unknownCriterionListsTheValidOnes() {
    CqlException e = error("buildkite.builds(colour=\"red\")");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
    assertThat(e.getMessage()).contains("valid criteria: ").contains("branch");
  }

  @Test
  void typesOfOperators() {
    assertThat(typeOf("now() - duration(\"P1D\")").kind()).isEqualTo(Kind.DATETIME);
    assertThat(typeOf("\"a\" + \"b\"")).isEqualTo(Type.STRING);
    assertThat(typeOf("x + 1", "x")).isEqualTo(Type.DYN);
  }
}
