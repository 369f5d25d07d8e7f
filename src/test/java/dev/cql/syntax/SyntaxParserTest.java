package dev.cql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.lang.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntaxParserTest {

  private static String tree(String src) {
    return AstPrinter.print(SyntaxParser.parse(src).ast());
  }

  private static CqlException error(String src) {
    try {
      SyntaxParser.parse(src);
    } catch (CqlException e) {
      return e;
    }
    throw new AssertionError("expected a syntax error for " + src);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "1 + 2 * 3                 | (+ 1 (* 2 3))",
    "(1 + 2) * 3               | (* (+ 1 2) 3)",
    "1 - 2 - 3                 | (- (- 1 2) 3)",
    "!x == \"p\"               | (NOT (== x \"p\"))",
    "NOT a AND b               | (AND (NOT a) b)",
    "a OR b AND c              | (OR a (AND b c))",
    "-x.y                      | (- (. x y))",
    "- 2 * 3                   | (* -2 3)",
    "x in [1, 2]               | (in x (list 1 2))",
    "a.b(c, d=1)               | (method b a c d=1)",
    "f(x => x + 1)             | (call f (lambda (x) (+ x 1)))",
    "l.map((a) => a)           | (method map l (lambda (a) a))",
    "`x-cortex-tag`            | x-cortex-tag",
    "x[0][1]                   | (index (index x 0) 1)",
    "{1, 2}                    | (set 1 2)",
    "a and b Or not c          | (OR (AND a b) (NOT c))",
    "dependencies.in().length  | (. (method in dependencies) length)",
    "dependencies.out().length | (. (method out dependencies) length)",
    "x.not.AND.null.true       | (. (. (. (. x not) AND) null) true)",
    "x.in(1) in x.or           | (in (method in x 1) (. x or))",
  })
  void parsesWithPrecedence(String src, String expected) {
    assertThat(tree(src.replace("\\n", "\n"))).isEqualTo(expected);
  }

  @Test
  void symbolOperatorsAndComments() {
    assertThat(tree("a || b && c")).isEqualTo("(OR a (AND b c))");
    assertThat(tree("1 /* c */ + // d\n 2")).isEqualTo("(+ 1 2)");
  }

  @Test
  void everyNodeCarriesItsSpan() {
    Node.Binary b = (Node.Binary) SyntaxParser.parse("ab +\n  cd").ast();
    assertThat(b.span()).isEqualTo(new Span(0, 9, 1, 1));
    assertThat(b.right().span()).isEqualTo(new Span(7, 9, 2, 3));
    assertThat(b.opSpan()).isEqualTo(new Span(3, 4, 1, 4));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "1 +         | 1 | 4 | expected an expression after '+', found end of input",
    "(1          | 1 | 3 | expected ')' or an operator after '1', found end of input",
    "x.          | 1 | 3 | expected <identifier> after '.', found end of input",
    "a < b < c   | 1 | 7 | comparisons do not chain",
    "1 @ 2       | 1 | 3 | found unexpected character '@'",
    "'abc        | 1 | 1 | unterminated string",
    "f(a=1, 2)   | 1 | 8 | positional arguments come before named ones",
    "''          | 0 | 0 | ",
    "            | 1 | 1 | expected an expression, found end of input",
  })
  void syntaxErrorsSayWhatWasExpected(String src, int line, int column, String message) {
    src = src == null ? "" : src;
    if (src.equals("''")) {
      assertThat(tree(src)).isEqualTo("\"\"");
      return;
    }
    CqlException e = error(src);
    assertThat(e.kind()).isEqualTo(ErrorKind.SYNTAX);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.column()).isEqualTo(column);
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void errorRendersTheSourceLineWithACaret() {
    assertThat(error("1 +").render()).isEqualTo(
        "error[syntax] 1:4: expected an expression after '+', found end of input\n1 +\n   ^");
    assertThat(error("[1,\n 2 3]").render()).isEqualTo(
        "error[syntax] 2:4: expected ',', ']' or an operator after '2', found the number 3\n 2 3]\n   ^");
  }

  @Test
  void legacyFormsParseAsWritten() {
    SyntaxParser.Result r = SyntaxParser.parse("p.git_repository = {\"org/repo-name\"}");
    assertThat(AstPrinter.print(r.ast())).isEqualTo("(== (. p git_repository) (set \"org/repo-name\"))");
    assertThat(((Node.Binary) r.ast()).legacy()).isTrue();
  }

  @Test
  void nestingIsBoundedWithALimitError() {
    String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
    assertThatThrownBy(() -> SyntaxParser.parse(deep)).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT));
    String nots = "!".repeat(5000) + "true";
    assertThatThrownBy(() -> SyntaxParser.parse(nots)).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT));
    String chain = "1" + " + 1".repeat(20000);
    assertThatThrownBy(() -> SyntaxParser.parse(chain)).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT));
    String members = "x" + ".a".repeat(20000);
    assertThatThrownBy(() -> SyntaxParser.parse(members)).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT));
  }

  @Test
  void lengthIsBounded() {
    String huge = "1" + " ".repeat(SyntaxParser.MAX_LENGTH);
    assertThatThrownBy(() -> SyntaxParser.parse(huge)).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT));
  }

  @Test
  void moderateNestingParses() {
    String nested = "(".repeat(90) + "1" + ")".repeat(90);
    assertThat(tree(nested)).isEqualTo("1");
  }
}
