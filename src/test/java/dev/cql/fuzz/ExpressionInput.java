package dev.cql.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.cql.api.error.Span;
import dev.cql.lang.Node;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns fuzzer bytes into CQL source. The last byte picks the shape (Jazzer's data provider takes
 * numbers from the end of the input and text from its start):
 *
 * <ul>
 *   <li>0: the rest of the input as text, verbatim (the corpus keeps findings in this form, so they stay
 *       reproducible whatever the seeds become);
 *   <li>1: a soup of CQL tokens (any order, up to 60);
 *   <li>2: deep nesting: up to 400 openers then an atom, closed or not;
 *   <li>anything else: grammar-aware mutation: a conformance expression's AST, edited 1 to 6 times by
 *       swapping in subtrees of other conformance expressions, interesting literals, operators, method
 *       calls, lambdas, indexing and amplifying list literals, then printed back as source.
 * </ul>
 */
final class ExpressionInput {

  private ExpressionInput() {}

  static final List<String> TOKENS = List.of(
      "1", "0", "-", "+", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ".", "=", "==", "!=", "<", "<=", ">",
      ">=", "!", "AND", "or", "NOT", "in", "=>", "x", "y", "a", "\"s\"", "'t'", "null", "true", "false", "length",
      "map", "filter", "any", "sum", "first", "get", "keys", "matches", "\"[a-\"", "1.5", "1e3", "`q`", "//", "/*",
      "*/", " ", "\n", "now", "duration", "\"P1D\"", "datetime", "@", "\"", "\\", "#", "&&", "||", "\"\\u\"",
      "9e6144", "jq", "entity", "buildkite", "builds");

  static final List<String> OPENERS = List.of("(", "[", "{", "!", "-", "NOT ", "f(", "x.map(a => ", "[x, ", "x[");

  /** Literal values that sit on edges: zero, signs, the number range, long overflow, odd strings. */
  static final List<Object> EDGE_LITERALS = List.of(0L, 1L, -1L, 7L, Long.MAX_VALUE, Long.MIN_VALUE,
      new BigDecimal("9e6144"), new BigDecimal("1e35"), new BigDecimal("1e-6000"), new BigDecimal("0.1"),
      "", "a", "\u0000", "\u001b[31m", "\uD83D\uDE00", "PT9223372036854775807S", "P1D", "2024-02-29T00:00:00Z",
      "nan", "infinite", "1e1000", ".", "(((a{100}){100}){100}){100}", "[a-", "x".repeat(1000), Boolean.TRUE,
      Boolean.FALSE);

  static String source(FuzzedDataProvider data) {
    int mode = data.consumeByte() & 0xff;
    switch (mode) {
      case 0:
        return new String(data.consumeRemainingAsBytes(), java.nio.charset.StandardCharsets.UTF_8);
      case 1: {
        int n = data.consumeInt(0, 60);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
          sb.append(data.pickValue(TOKENS)).append(data.consumeBoolean() ? " " : "");
        }
        return sb.toString();
      }
      case 2: {
        int n = data.consumeInt(1, 400);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
          sb.append(data.pickValue(OPENERS));
        }
        sb.append(data.pickValue(List.of("1", "x", "\"s\"", "null")));
        if (data.consumeBoolean()) {
          sb.append(")".repeat(sb.length()));
        }
        return sb.toString();
      }
      default:
        return SourcePrinter.print(mutate(data));
    }
  }

  static Node mutate(FuzzedDataProvider data) {
    Seeds seeds = Seeds.get();
    Node root = seeds.trees.get(data.consumeInt(0, seeds.trees.size() - 1));
    int steps = data.consumeInt(1, 6);
    for (int s = 0; s < steps && data.remainingBytes() > 0; s++) {
      int size = Trees.size(root);
      if (size > 2_000) {
        break;
      }
      int at = data.consumeInt(0, size - 1);
      int kind = data.consumeInt(0, 11);
      root = Trees.replace(root, at, n -> edit(n, kind, data, seeds));
    }
    return root;
  }

  private static Node edit(Node n, int kind, FuzzedDataProvider data, Seeds seeds) {
    Span none = Span.NONE;
    switch (kind) {
      case 0:
        return pool(data, seeds);
      case 1:
        return new Node.Literal(none, data.pickValue(EDGE_LITERALS));
      case 2:
        return new Node.Binary(none, data.pickValue(Node.BinaryOp.values()), n, pool(data, seeds), none, false);
      case 3:
        return new Node.Binary(none, data.pickValue(Node.BinaryOp.values()), pool(data, seeds), n, none, false);
      case 4:
        return new Node.Unary(none, data.pickValue(Node.UnaryOp.values()), n);
      case 5: {
        List<Node.Argument> args = new ArrayList<>();
        int count = data.consumeInt(0, 2);
        for (int i = 0; i < count; i++) {
          args.add(positional(pool(data, seeds)));
        }
        return new Node.Call(none, n, pick(data, seeds.methods, "length"), none, args);
      }
      case 6: {
        String p = data.pickValue(List.of("x", "y", "e"));
        Node body = new Node.Binary(none, data.pickValue(Node.BinaryOp.values()), new Node.Name(none, p),
            data.consumeBoolean() ? new Node.Name(none, p) : pool(data, seeds), none, false);
        Node lambda = new Node.Lambda(none, List.of(p), body);
        return new Node.Call(none, n, pick(data, seeds.lambdaMethods, "map"), none, List.of(positional(lambda)));
      }
      case 7:
        return new Node.Index(none, n, data.consumeBoolean() ? pool(data, seeds)
            : new Node.Literal(none, data.pickValue(EDGE_LITERALS)));
      case 8:
        return new Node.Member(none, n, pick(data, seeds.fields, "state"), none);
      case 9: {
        int copies = data.consumeInt(1, 12);
        List<Node> es = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
          es.add(n);
        }
        return new Node.ListLiteral(none, es);
      }
      case 10: {
        List<Node.Argument> args = new ArrayList<>();
        args.add(positional(n));
        if (data.consumeBoolean()) {
          args.add(positional(pool(data, seeds)));
        }
        return new Node.Call(none, null, pick(data, seeds.functions, "length"), none, args);
      }
      default:
        return new Node.Literal(none, data.consumeString(40));
    }
  }

  private static Node.Argument positional(Node value) {
    return new Node.Argument(Span.NONE, null, null, value, false, null);
  }

  private static Node pool(FuzzedDataProvider data, Seeds seeds) {
    return seeds.subtrees.get(data.consumeInt(0, seeds.subtrees.size() - 1));
  }

  private static String pick(FuzzedDataProvider data, List<String> names, String fallback) {
    return names.isEmpty() ? fallback : data.pickValue(names);
  }
}
