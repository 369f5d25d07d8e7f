package dev.cql.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.lang.Node;
import dev.cql.session.DataSession;
import dev.cql.syntax.AstPrinter;
import dev.cql.syntax.SyntaxParser;
import java.time.Instant;

/**
 * Coverage-guided fuzz targets over CQL expressions (see {@link ExpressionInput} for how bytes become
 * source). In {@code mvn verify} each runs over its checked-in corpus
 * ({@code src/test/resources/dev/cql/fuzz/ExpressionFuzzTestInputs/<target>/}); with {@code JAZZER_FUZZ=1}
 * one target runs as a fuzzing campaign (see SECURITY.md).
 */
class ExpressionFuzzTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final DataSession SESSION = DataSession.demo(NOW, () -> { });
  private static final CqlEngine ENGINE = SESSION.engine();
  private static final Context CONTEXT = context();

  private static Context context() {
    Context.Builder b = SESSION.context(SESSION.entity("payments-api"), NOW).toBuilder();
    Seeds.get().bindings.forEach(b::bind);
    b.bind("x", java.util.List.of(1, 2, 3)).bind("y", java.util.Map.of("a", "b"));
    return b.maxWork(2_000_000).build();
  }

  /** Parsing and checking: a compiled expression or one of our errors, never a raw Java exception. */
  @FuzzTest(maxDuration = "10m")
  void parseAndCheck(FuzzedDataProvider data) {
    String src = ExpressionInput.source(data);
    try {
      ENGINE.compile(src, CONTEXT.names());
    } catch (CqlException e) {
      ours(e, src);
    }
  }

  /**
   * Print-then-parse: the source form of any AST that parses parses again to the same tree (compared as
   * S-expressions), and printing that tree gives the same source (printing is a fixpoint after one round).
   */
  @FuzzTest(maxDuration = "10m")
  void roundTrip(FuzzedDataProvider data) {
    String src = ExpressionInput.source(data);
    Node first;
    try {
      first = SyntaxParser.parse(src).ast();
    } catch (CqlException e) {
      ours(e, src);
      return;
    }
    String printed = SourcePrinter.print(first);
    Node second;
    try {
      second = SyntaxParser.parse(printed).ast();
    } catch (CqlException e) {
      throw new AssertionError("the printed form of a parsed expression does not parse:\n  source:  " + src
          + "\n  printed: " + printed + "\n  error:   " + e.render(), e);
    }
    if (!AstPrinter.print(second).equals(AstPrinter.print(first))) {
      throw new AssertionError("round trip changed the tree:\n  source:  " + src + "\n  printed: " + printed
          + "\n  before:  " + AstPrinter.print(first) + "\n  after:   " + AstPrinter.print(second));
    }
    String again = SourcePrinter.print(second);
    if (!again.equals(printed)) {
      throw new AssertionError("printing is not stable:\n  " + printed + "\n  " + again);
    }
  }

  /** Evaluation of anything that compiles: a value or one of our errors, within the limits. */
  @FuzzTest(maxDuration = "10m")
  void evaluate(FuzzedDataProvider data) {
    String src = ExpressionInput.source(data);
    CqlExpression e;
    try {
      e = ENGINE.compile(src, CONTEXT.names());
    } catch (CqlException ex) {
      ours(ex, src);
      return;
    }
    try {
      Value v = e.evaluate(CONTEXT);
      v.toJson();
      v.toString();
    } catch (CqlException ex) {
      ours(ex, src);
    }
  }

  /** One of our errors: a kind, a message, a position inside the source, and a rendering. */
  static void ours(CqlException e, String src) {
    if (e.kind() == null || e.getMessage() == null || e.getMessage().isBlank()) {
      throw new AssertionError("an error without kind or message for " + src, e);
    }
    if (e.span().start() < 0 || e.span().start() > src.length() || e.line() < 1 || e.column() < 1) {
      throw new AssertionError("an error positioned outside the source (" + e.span() + ", offset " + e.span().start()
          + ") for " + src, e);
    }
    e.render();
  }
}
