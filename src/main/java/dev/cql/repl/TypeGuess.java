package dev.cql.repl;

import dev.cql.lang.Declarations;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.Kind;
import dev.cql.lang.MethodDecl;
import dev.cql.lang.NamespaceDecl;
import dev.cql.lang.ObjectType;
import dev.cql.lang.Type;
import dev.cql.syntax.CqlLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * A best-effort guess, for completion, of the type of value a piece of unfinished input evaluates to: reads the
 * postfix chain that ends at a token backwards ({@code buildkite.builds(...).filter(...)[0].pipeline}) and
 * follows what the declarations say about its parts (the result types of functions and methods, the field
 * tables of object types): the same facts the checker uses. Null means "not known".
 */
final class TypeGuess {

  private final List<Token> t;
  private final Declarations registry;

  TypeGuess(List<Token> codeTokens, Declarations registry) {
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
        return Type.STRING;
      case CqlLexer.NUMBER:
        return Type.NUMBER;
      case CqlLexer.TRUE:
      case CqlLexer.FALSE:
        return Type.BOOLEAN;
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
          return target.element() != null && target.element().isKnown() ? target.element()
              : target.kind() == Kind.STRING ? Type.STRING : null;
        }
        Type first = open + 1 < end ? typeAt(firstElementEnd(open, end)) : null;
        return Type.list(first);
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
            return receiver == null || !receiver.elementType().isKnown() ? null : receiver.elementType();
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
    if (receiver.object() != null) {
      ObjectType.Field<?> f = receiver.object().field(field);
      return f == null ? null : known(f.type());
    }
    MethodDecl m = registry.method(field);
    MethodDecl.Overload o = m == null || !m.property() ? null : m.on(receiver.kind());
    return o == null ? null : known(o.returns().returns(receiver, List.of()));
  }

  private Type methodReturn(String method, Type receiver) {
    MethodDecl m = registry.method(method);
    if (m == null) {
      return null;
    }
    if (receiver != null && m.on(receiver.kind()) != null) {
      return known(m.on(receiver.kind()).returns().returns(receiver, List.of()));
    }
    Type common = null;
    for (MethodDecl.Overload o : m.overloads().values()) {
      Type t = o.returns().returns(Type.of(o.receiver()), List.of());
      common = common == null ? t : common.equals(t) ? common : Type.DYN;
    }
    return common == null ? null : known(common);
  }

  private Type functionReturn(String fn) {
    FunctionDecl f = registry.function(fn);
    return f == null ? null : known(f.returns().returns(Type.DYN, List.of()));
  }

  private Type namespaceReturn(String ns, String fn) {
    NamespaceDecl n = registry.namespace(ns);
    FunctionDecl f = n == null ? null : n.members().get(fn);
    return f == null ? null : known(f.returns().returns(Type.DYN, List.of()));
  }

  private static Type known(Type t) {
    return t == null || !t.isKnown() ? null : t;
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
