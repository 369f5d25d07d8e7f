package dev.cql.syntax;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.error.CqlException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and deeply nested inputs never produce anything but our own errors: no ANTLR exception, no
 * StackOverflowError, no ClassCastException escapes the engine.
 */
class RandomInputProperties {

  private static final CqlEngine ENGINE = CqlEngine.builder().declare("x", "y").build();
  private static final Context CONTEXT = Context.builder()
      .bind("x", List.of(1, 2, 3)).bind("y", java.util.Map.of("a", "b")).build();

  private static final List<String> TOKENS = List.of(
      "1", "0", "-", "+", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ".", "=", "==", "!=", "<", "<=", ">",
      ">=", "!", "AND", "or", "NOT", "in", "=>", "x", "y", "a", "\"s\"", "'t'", "null", "true", "false", "length",
      "map", "filter", "any", "sum", "first", "get", "keys", "matches", "\"[a-\"", "1.5", "1e3", "`q`", "//", "/*",
      "*/", " ", "\n", "now", "duration", "\"P1D\"", "datetime", "@", "\"", "\\", "#");

  @Provide
  Arbitrary<String> tokenSoup() {
    return Arbitraries.of(TOKENS).list().ofMinSize(0).ofMaxSize(40).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<String> nested() {
    Arbitrary<String> open = Arbitraries.of("(", "[", "{", "!", "-", "NOT ", "f(", "x.map(a => ", "[x, ");
    return open.list().ofMinSize(1).ofMaxSize(400).map(l -> String.join("", l) + "1");
  }

  @Property(tries = 3000)
  void tokenSoupOnlyFailsWithOurErrors(@ForAll("tokenSoup") String src) {
    compileAndRun(src);
  }

  @Property(tries = 300)
  void deepNestingOnlyFailsWithOurErrors(@ForAll("nested") String src) {
    compileAndRun(src);
    compileAndRun(src + ")".repeat(src.length()));
  }

  @Property(tries = 2000)
  void arbitraryTextOnlyFailsWithOurErrors(@ForAll String src) {
    compileAndRun(src);
  }

  private static void compileAndRun(String src) {
    try {
      ENGINE.compile(src).evaluate(CONTEXT);
    } catch (CqlException expected) {
      // our own error: fine. Anything else fails the property.
      if (expected.getMessage() == null || expected.kind() == null) {
        throw new AssertionError("an error without kind or message for " + src);
      }
    }
  }
}
