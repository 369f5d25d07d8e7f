package dev.cql.repl;

import dev.cql.buildkite.namespace.BuildValue;
import dev.cql.buildkite.namespace.PipelineValue;
import dev.cql.eval.Registry;
import dev.cql.lang.Kind;
import dev.cql.syntax.CqlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * A best-effort guess, for completion, of the kind of value a piece of unfinished input evaluates to: reads the
 * postfix chain that ends at a token backwards ({@code buildkite.builds(...).filter(...)[0].pipeline}) and
 * follows what the language defines about its parts. The registry knows which methods exist, not what they
 * return, so the return kinds of the built-ins are written down here. Null means "not known".
 */
final class TypeGuess {

  /** A guessed type: a kind, for objects the object type ("build", "pipeline"), for lists the element type. */
  record Type(Kind kind, String object, Type element, String namespace) {
    static Type of(Kind k) {
      return new Type(k, null, null, null);
    }

    static Type list(Type element) {
      return new Type(Kind.LIST, null, element, null);
    }

    static Type object(String type) {
      return new Type(Kind.OBJECT, type, null, null);
    }

    static Type namespace(String name) {
      return new Type(Kind.NAMESPACE, null, null, name);
    }
  }

  static final Type STRING = Type.of(Kind.STRING);
  static final Type NUMBER = Type.of(Kind.NUMBER);
  static final Type BOOLEAN = Type.of(Kind.BOOLEAN);
  static final Type DATETIME = Type.of(Kind.DATETIME);
  static final Type DURATION = Type.of(Kind.DURATION);
  static final Type BUILD = Type.object("build");
  static final Type PIPELINE = Type.object("pipeline");

  private static final Set<String> SAME = Set.of("filter", "distinct", "sortBy");
  private static final Set<String> ELEMENT = Set.of("first", "last", "min", "max");
  private static final Set<String> NUMERIC = Set.of("size", "count", "length", "sum", "average");
  private static final Set<String> BOOLEANS = Set.of("any", "all", "none", "isEmpty", "contains", "anyMatch",
      "matches", "matchesIn", "startsWith", "endsWith", "containsKey", "hasGroup");

  private final List<Token> t;
  private final Registry registry;

  TypeGuess(List<Token> codeTokens, Registry registry) {
    this.t = codeTokens;
    this.registry = registry;
  }

  /** The type of the postfix chain whose last token is at {@code end}. */
  Type typeAt(int end) {
    if (end < 0 || end >= t.size()) {
      return null;
    }
    Token tok = t.get(end);
    switch (tok.getType()) {
      case CqlLexer.STRING:
        return STRING;
      case CqlLexer.NUMBER:
        return NUMBER;
      case CqlLexer.TRUE:
      case CqlLexer.FALSE:
        return BOOLEAN;
      case CqlLexer.RBRACE:
        return matchOpen(end) < 0 ? null : Type.of(Kind.SET);
      case CqlLexer.RBRACK: {
        int open = matchOpen(end);
        if (open < 0) {
          return null;
        }
        if (open > 0 && endsValue(t.get(open - 1))) { // an index: x[i]
          Type target = typeAt(open - 1);
          if (target == null) {
            return null;
          }
          return target.element() != null ? target.element() : target.kind() == Kind.STRING ? STRING : null;
        }
        return Type.list(open + 1 < end ? typeAt(firstElementEnd(open, end)) : null);
      }
      case CqlLexer.RPAREN: {
        int open = matchOpen(end);
        if (open <= 0 || !isName(t.get(open - 1))) {
          return null; // a parenthesised expression: not guessed
        }
        String fn = name(t.get(open - 1));
        if (open >= 2 && t.get(open - 2).getType() == CqlLexer.DOT) {
          String ns = rootNamespace(open - 3);
          if (ns != null) {
            return namespaceReturn(ns, fn);
          }
          return methodReturn(fn, typeAt(open - 3));
        }
        return functionReturn(fn);
      }
      case CqlLexer.IDENT:
      case CqlLexer.QUOTED_IDENT: {
        String n = name(tok);
        if (end >= 1 && t.get(end - 1).getType() == CqlLexer.DOT) {
          return memberType(typeAt(end - 2), n);
        }
        if (registry.namespace(n) != null) {
          return Type.namespace(n);
        }
        return lambdaParameter(n, end);
      }
      default:
        return null;
    }
  }

  /** The namespace named by the token at {@code i} when it starts a chain (not itself a member), else null. */
  String rootNamespace(int i) {
    if (i < 0 || i >= t.size() || !isName(t.get(i)) || (i >= 1 && t.get(i - 1).getType() == CqlLexer.DOT)) {
      return null;
    }
    String n = name(t.get(i));
    return registry.namespace(n) != null ? n : null;
  }

  /** The indexes of the brackets open at the end of the tokens, outermost first. */
  List<Integer> openBrackets() {
    List<Integer> stack = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      switch (t.get(i).getType()) {
        case CqlLexer.LPAREN, CqlLexer.LBRACK, CqlLexer.LBRACE -> stack.add(i);
        case CqlLexer.RPAREN, CqlLexer.RBRACK, CqlLexer.RBRACE -> {
          if (!stack.isEmpty()) {
            stack.remove(stack.size() - 1);
          }
        }
        default -> { }
      }
    }
    return stack;
  }

  /** The parameter names of a lambda that starts right after the open parenthesis at {@code k}, or none. */
  List<String> lambdaParamsAfter(int k) {
    List<String> names = new ArrayList<>();
    int i = k + 1;
    if (i < t.size() && isName(t.get(i)) && i + 1 < t.size() && t.get(i + 1).getType() == CqlLexer.ARROW) {
      names.add(name(t.get(i)));
      return names;
    }
    if (i < t.size() && t.get(i).getType() == CqlLexer.LPAREN) {
      i++;
      while (i < t.size() && isName(t.get(i))) {
        names.add(name(t.get(i)));
        i++;
        if (i < t.size() && t.get(i).getType() == CqlLexer.COMMA) {
          i++;
        }
      }
      if (i + 1 < t.size() && t.get(i).getType() == CqlLexer.RPAREN && t.get(i + 1).getType() == CqlLexer.ARROW) {
        return names;
      }
    }
    return List.of();
  }

  /** The element type a lambda parameter is bound to: the element of the receiver of the method it is given to. */
  private Type lambdaParameter(String n, int at) {
    int depth = 0;
    for (int k = at - 1; k >= 0; k--) {
      int type = t.get(k).getType();
      if (type == CqlLexer.RPAREN || type == CqlLexer.RBRACK || type == CqlLexer.RBRACE) {
        depth++;
      } else if (type == CqlLexer.LPAREN || type == CqlLexer.LBRACK || type == CqlLexer.LBRACE) {
        if (depth > 0) {
          depth--;
        } else if (type == CqlLexer.LPAREN && lambdaParamsAfter(k).contains(n)) {
          if (k >= 2 && isName(t.get(k - 1)) && t.get(k - 2).getType() == CqlLexer.DOT) {
            Type receiver = typeAt(k - 3);
            return receiver == null ? null : receiver.element();
          }
          return null;
        }
      }
    }
    return null;
  }

  private Type memberType(Type receiver, String field) {
    if (receiver == null) {
      return null;
    }
    if ("build".equals(receiver.object())) {
      return buildField(field);
    }
    if ("pipeline".equals(receiver.object())) {
      return pipelineField(field);
    }
    if ((field.equals("length") || field.equals("count"))
        && (receiver.kind() == Kind.LIST || receiver.kind() == Kind.SET || receiver.kind() == Kind.STRING)) {
      return NUMBER;
    }
    return null;
  }

  static Type buildField(String field) {
    if (!BuildValue.FIELDS.contains(field)) {
      return null;
    }
    return switch (field) {
      case "number" -> NUMBER;
      case "blocked" -> BOOLEAN;
      case "created_at", "scheduled_at", "started_at", "finished_at" -> DATETIME;
      case "duration" -> DURATION;
      case "creator", "pull_request" -> Type.of(Kind.OBJECT);
      case "pipeline" -> PIPELINE;
      default -> STRING;
    };
  }

  static Type pipelineField(String field) {
    if (!PipelineValue.FIELDS.contains(field)) {
      return null;
    }
    return switch (field) {
      case "tags" -> Type.list(STRING);
      case "created_at" -> DATETIME;
      default -> STRING;
    };
  }

  private static Type methodReturn(String method, Type receiver) {
    if (SAME.contains(method)) {
      return receiver == null ? null : Type.list(receiver.element());
    }
    if (ELEMENT.contains(method)) {
      return receiver == null ? null : receiver.element();
    }
    if (NUMERIC.contains(method)) {
      return NUMBER;
    }
    if (BOOLEANS.contains(method)) {
      return BOOLEAN;
    }
    return switch (method) {
      case "get" -> receiver != null && receiver.kind() == Kind.LIST ? receiver.element() : null;
      case "map", "flatMap", "values" -> Type.list(null);
      case "split", "keys" -> Type.list(STRING);
      case "toLowerCase", "toUpperCase", "trim" -> STRING;
      case "fromNow" -> DURATION;
      default -> null;
    };
  }

  private static Type functionReturn(String fn) {
    return switch (fn) {
      case "now", "datetime" -> DATETIME;
      case "duration" -> DURATION;
      case "hasGroup" -> BOOLEAN;
      default -> null;
    };
  }

  private static Type namespaceReturn(String ns, String fn) {
    if (ns.equals("buildkite")) {
      return switch (fn) {
        case "builds", "build" -> Type.list(BUILD);
        case "pipelines", "pipeline" -> Type.list(PIPELINE);
        default -> null;
      };
    }
    if (ns.equals("entity")) {
      return switch (fn) {
        case "tag", "name", "type", "description" -> STRING;
        case "groups" -> Type.list(STRING);
        case "descriptor" -> Type.of(Kind.OBJECT);
        default -> null;
      };
    }
    return null;
  }

  private int matchOpen(int close) {
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      int type = t.get(i).getType();
      if (type == CqlLexer.RPAREN || type == CqlLexer.RBRACK || type == CqlLexer.RBRACE) {
        depth++;
      } else if (type == CqlLexer.LPAREN || type == CqlLexer.LBRACK || type == CqlLexer.LBRACE) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private int firstElementEnd(int open, int close) {
    int depth = 0;
    for (int i = open + 1; i < close; i++) {
      int type = t.get(i).getType();
      if (type == CqlLexer.LPAREN || type == CqlLexer.LBRACK || type == CqlLexer.LBRACE) {
        depth++;
      } else if (type == CqlLexer.RPAREN || type == CqlLexer.RBRACK || type == CqlLexer.RBRACE) {
        depth--;
      } else if (type == CqlLexer.COMMA && depth == 0) {
        return i - 1;
      }
    }
    return close - 1;
  }

  static boolean endsValue(Token tok) {
    return switch (tok.getType()) {
      case CqlLexer.IDENT, CqlLexer.QUOTED_IDENT, CqlLexer.RPAREN, CqlLexer.RBRACK, CqlLexer.RBRACE, CqlLexer.STRING,
          CqlLexer.NUMBER, CqlLexer.TRUE, CqlLexer.FALSE, CqlLexer.NULL -> true;
      default -> false;
    };
  }

  static boolean isName(Token tok) {
    return tok.getType() == CqlLexer.IDENT || tok.getType() == CqlLexer.QUOTED_IDENT;
  }

  static String name(Token tok) {
    String s = tok.getText();
    return tok.getType() == CqlLexer.QUOTED_IDENT ? s.substring(1, s.length() - 1) : s;
  }
}
