package dev.cql.check;

import dev.cql.eval.FunctionSpec;
import dev.cql.eval.MethodSpec;
import dev.cql.eval.NamespaceSpec;
import dev.cql.eval.Registry;
import dev.cql.lang.CqlException;
import dev.cql.lang.ErrorKind;
import dev.cql.lang.Node;
import dev.cql.lang.Span;
import dev.cql.lang.Suggest;
import dev.cql.lang.Warning;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The static checks made before anything is evaluated: every name, function, method and named argument
 * is known, every call has a valid number of arguments, lambdas are where lambdas belong, and constant
 * regular expressions compile. It resolves each call once, for the compiler, and collects the warnings
 * about legacy forms.
 */
public final class Checker {

  private final Registry registry;
  private final Set<String> variables;
  private final Deque<List<String>> lambdaScopes = new ArrayDeque<>();
  private final Map<Node.Call, Resolution> resolutions = new IdentityHashMap<>();
  private final List<Warning> warnings = new ArrayList<>();

  private final String source;

  private Checker(Registry registry, Set<String> variables, String source) {
    this.registry = registry;
    this.variables = variables;
    this.source = source;
  }

  /** The result of checking: how each call resolved, and warnings. */
  public record Checked(Node ast, Map<Node.Call, Resolution> resolutions, List<Warning> warnings) {}

  /**
   * Checks an AST.
   *
   * @param variables the root variable names bound at evaluation (namespaces come from the registry)
   */
  public static Checked check(Node ast, Registry registry, Set<String> variables) {
    return check(ast, registry, variables, null);
  }

  /** Checks an AST parsed from {@code source} (used to spell out canonical forms in warnings). */
  public static Checked check(Node ast, Registry registry, Set<String> variables, String source) {
    Checker c = new Checker(registry, variables, source);
    c.visit(ast);
    return new Checked(ast, c.resolutions, List.copyOf(c.warnings));
  }

  private void visit(Node node) {
    if (node instanceof Node.Name n) {
      checkName(n);
    } else if (node instanceof Node.Member m) {
      checkMember(m);
    } else if (node instanceof Node.Call c) {
      checkCall(c);
    } else if (node instanceof Node.Index i) {
      visit(i.target());
      visit(i.index());
    } else if (node instanceof Node.Unary u) {
      visit(u.operand());
    } else if (node instanceof Node.Binary b) {
      visit(b.left());
      visit(b.right());
    } else if (node instanceof Node.ListLiteral l) {
      l.elements().forEach(this::visit);
    } else if (node instanceof Node.SetLiteral s) {
      s.elements().forEach(this::visit);
    } else if (node instanceof Node.Lambda l) {
      throw new CqlException(ErrorKind.TYPE, l.span(),
          "a lambda is only accepted as the argument of a method such as any(), filter() or map()");
    }
  }

  private boolean isLambdaParam(String name) {
    for (List<String> scope : lambdaScopes) {
      if (scope.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** A bare name that refers to a namespace (not shadowed by a lambda parameter or variable). */
  private NamespaceSpec namespaceOf(Node node) {
    if (node instanceof Node.Name n && !isLambdaParam(n.name()) && !variables.contains(n.name())) {
      return registry.namespace(n.name());
    }
    return null;
  }

  private void checkName(Node.Name n) {
    String name = n.name();
    if (isLambdaParam(name) || variables.contains(name) || registry.namespace(name) != null) {
      return;
    }
    Set<String> known = new TreeSet<>(variables);
    registry.namespaces().forEach(ns -> known.add(ns.name()));
    lambdaScopes.forEach(known::addAll);
    String hint = "";
    if (registry.function(name) != null) {
      hint = "; '" + name + "' is a function: call it as " + name + "()";
    } else if (registry.method(name) != null) {
      hint = "; '" + name + "' is a method: call it on a value, as x." + name + (registry.method(name).property() ? "" : "()");
    }
    String msg = "unknown name '" + name + "'" + (hint.isEmpty() ? Suggest.didYouMean(name, known) : hint);
    if (hint.isEmpty() && !known.isEmpty()) {
      msg += " (known names: " + String.join(", ", known) + ")";
    }
    throw new CqlException(ErrorKind.UNKNOWN_NAME, n.span(), msg);
  }

  private void checkMember(Node.Member m) {
    NamespaceSpec ns = namespaceOf(m.target());
    if (ns != null) {
      FunctionSpec member = ns.members().get(m.name());
      if (member != null) {
        throw new CqlException(ErrorKind.TYPE, m.nameSpan(),
            "'" + m.name() + "' is a function of " + ns.name() + ": call it, as " + ns.name() + "." + m.name() + "()");
      }
      throw unknownMember(ns, m.name(), m.nameSpan());
    }
    visit(m.target());
  }

  private CqlException unknownMember(NamespaceSpec ns, String name, Span span) {
    return new CqlException(ErrorKind.UNKNOWN_NAME, span, ns.name() + " has no function '" + name + "'"
        + Suggest.didYouMean(name, ns.members().keySet()) + " (its functions: "
        + String.join(", ", new TreeSet<>(ns.members().keySet())) + ")");
  }

  private void checkCall(Node.Call c) {
    if (c.target() == null) {
      FunctionSpec f = registry.function(c.name());
      if (f == null || isLambdaParam(c.name())) {
        throw unknownFunction(c);
      }
      resolve(c, Resolution.Target.FUNCTION, f, null, null);
      return;
    }
    NamespaceSpec ns = namespaceOf(c.target());
    if (ns != null) {
      FunctionSpec f = ns.members().get(c.name());
      if (f == null) {
        throw unknownMember(ns, c.name(), c.nameSpan());
      }
      resolve(c, Resolution.Target.NAMESPACE_MEMBER, f, ns, null);
      return;
    }
    visit(c.target());
    MethodSpec m = registry.method(c.name());
    if (m == null) {
      Set<String> names = new TreeSet<>();
      registry.methods().forEach(x -> names.add(x.name()));
      String hint = Suggest.didYouMean(c.name(), names);
      throw new CqlException(ErrorKind.UNKNOWN_NAME, c.nameSpan(), "unknown method '" + c.name() + "'" + hint);
    }
    resolve(c, Resolution.Target.METHOD, null, null, m);
  }

  private CqlException unknownFunction(Node.Call c) {
    Set<String> names = new TreeSet<>();
    registry.functions().forEach(f -> names.add(f.name()));
    String hint;
    if (registry.method(c.name()) != null) {
      hint = "; '" + c.name() + "' is a method: call it on a value, as x." + c.name() + "(...)";
    } else {
      hint = Suggest.didYouMean(c.name(), names);
      if (hint.isEmpty()) {
        hint = " (functions: " + String.join(", ", names) + ")";
      }
    }
    return new CqlException(ErrorKind.UNKNOWN_NAME, c.nameSpan(), "unknown function '" + c.name() + "'" + hint);
  }

  private void resolve(Node.Call c, Resolution.Target target, FunctionSpec f, NamespaceSpec ns, MethodSpec m) {
    String display = (ns != null ? ns.name() + "." : "") + c.name() + "()";
    List<Node> positional = new ArrayList<>();
    Map<String, Node> named = new LinkedHashMap<>();
    Map<String, Span> namedSpans = new LinkedHashMap<>();
    for (Node.Argument a : c.args()) {
      if (a.name() == null) {
        positional.add(a.value());
        continue;
      }
      FunctionSpec.NamedParam p = f == null ? null : f.namedParam(a.name());
      if (a.shorthand() && p == null) {
        if (a.fallback() == null) {
          throw new CqlException(ErrorKind.SYNTAX, a.span(), "'" + a.name() + "[...]' is not an argument of "
              + display + " and holds more than one index; write " + a.name() + "=[...] for a named argument");
        }
        positional.add(a.fallback());
        continue;
      }
      if (p == null) {
        throw unknownNamed(display, f, a);
      }
      if (a.shorthand()) {
        Span v = a.value().span();
        String canonical = a.name() + "=" + (source != null && v.end() <= source.length()
            ? source.substring(v.start(), v.end()) : "[...]");
        warnings.add(new Warning(a.span(), "'" + a.name() + "[...]' is a legacy shorthand; write " + canonical));
      }
      if (named.containsKey(p.name())) {
        throw new CqlException(ErrorKind.ARITY, a.nameSpan(), display + " is given '" + p.name() + "' twice");
      }
      named.put(p.name(), a.value());
      namedSpans.put(p.name(), a.nameSpan());
    }
    int min = f != null ? f.minArgs() : m.minArgs();
    int max = f != null ? f.maxArgs() : m.maxArgs();
    if (positional.size() < min || positional.size() > max) {
      String takes = min == max ? (min == 0 ? "no arguments" : min + " argument" + (min == 1 ? "" : "s"))
          : min + " to " + max + " arguments";
      String sig = f != null ? f.signature() : m.signature();
      throw new CqlException(ErrorKind.ARITY, c.span(), display + " takes " + takes + ", found "
          + positional.size() + " (" + sig + ")");
    }
    for (int i = 0; i < positional.size(); i++) {
      Node arg = positional.get(i);
      int lambdaParams = f != null ? f.lambdaParamsAt(i) : m.lambdaParamsAt(i);
      if (lambdaParams > 0) {
        if (!(arg instanceof Node.Lambda l)) {
          throw new CqlException(ErrorKind.TYPE, arg.span(), display + " expects a lambda here, such as (x) => x != null");
        }
        if (l.params().size() != lambdaParams) {
          throw new CqlException(ErrorKind.ARITY, l.span(), "the lambda given to " + display + " must take "
              + lambdaParams + " parameter" + (lambdaParams == 1 ? "" : "s") + ", not " + l.params().size());
        }
        lambdaScopes.push(l.params());
        try {
          visit(l.body());
        } finally {
          lambdaScopes.pop();
        }
      } else {
        visit(arg);
        if (m != null && isRegexMethod(m.name()) && arg instanceof Node.Literal lit && lit.value() instanceof String re) {
          try {
            com.google.re2j.Pattern.compile(re);
          } catch (com.google.re2j.PatternSyntaxException e) {
            throw new CqlException(ErrorKind.SYNTAX, arg.span(), "invalid regular expression: " + e.getDescription());
          }
        }
      }
    }
    for (Node v : named.values()) {
      visit(v);
    }
    resolutions.put(c, new Resolution(target, f, ns, m, List.copyOf(positional), named, namedSpans));
  }

  private static boolean isRegexMethod(String name) {
    return name.equals("matches") || name.equals("matchesIn") || name.equals("anyMatch");
  }

  private CqlException unknownNamed(String display, FunctionSpec f, Node.Argument a) {
    if (f == null) {
      return new CqlException(ErrorKind.UNKNOWN_NAME, a.nameSpan(), "methods take no named arguments; "
          + display + " was given '" + a.name() + "'");
    }
    if (f.named().isEmpty()) {
      return new CqlException(ErrorKind.UNKNOWN_NAME, a.nameSpan(), display + " takes no named arguments; found '"
          + a.name() + "'");
    }
    Set<String> spellings = new LinkedHashSet<>();
    Set<String> canonical = new TreeSet<>();
    for (FunctionSpec.NamedParam p : f.named()) {
      spellings.add(p.name());
      spellings.addAll(p.aliases());
      canonical.add(p.name());
    }
    return new CqlException(ErrorKind.UNKNOWN_NAME, a.nameSpan(), display + " has no criterion '" + a.name() + "'"
        + Suggest.didYouMean(a.name(), spellings) + "; valid criteria: " + String.join(", ", canonical));
  }

  static String join(Collection<String> c) {
    return String.join(", ", c);
  }
}
