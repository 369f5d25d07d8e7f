package dev.cql.check;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.lang.Checked;
import dev.cql.lang.Declarations;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.Kind;
import dev.cql.lang.MethodDecl;
import dev.cql.lang.NamedParam;
import dev.cql.lang.NamespaceDecl;
import dev.cql.lang.Node;
import dev.cql.lang.ObjectType;
import dev.cql.lang.Param;
import dev.cql.lang.Resolution;
import dev.cql.lang.Suggest;
import dev.cql.lang.Type;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The static checks made before anything is evaluated, over the canonical tree ({@link LegacyForms} runs
 * first): every name, function, method, named argument and field of a known type exists, every call has a
 * valid number of arguments, lambdas are where lambdas belong, constant arguments are valid. It resolves each
 * call once and works out the static {@link Type} of each node where it can (a lambda's parameter over
 * {@code builds()} is a build); the compiler reads the result, {@link Checked}, and never calls back.
 */
public final class Checker implements Node.Visitor<Type> {

  private final Declarations decls;
  private final Set<String> variables;
  private final Deque<Map<String, Type>> lambdaScopes = new ArrayDeque<>();
  private final Map<Node.Call, Resolution> resolutions = new IdentityHashMap<>();
  private final Map<Node, Type> types = new IdentityHashMap<>();
  private final Set<String> rootNames = new TreeSet<>();
  private boolean entityScoped;

  private Checker(Declarations decls, Set<String> variables) {
    this.decls = decls;
    this.variables = variables;
  }

  /**
   * Rewrites the legacy forms of a parsed tree and checks it.
   *
   * @param variables the root variable names bound at evaluation (namespaces come from the declarations)
   * @param source the source text (for the canonical spellings in warnings; may be null)
   */
  public static Checked check(Node ast, Declarations decls, Set<String> variables, String source) {
    LegacyForms.Result canonical = LegacyForms.rewrite(ast, decls, variables, source);
    Checker c = new Checker(decls, variables);
    c.visit(canonical.ast());
    return new Checked(canonical.ast(), c.resolutions, c.types, canonical.warnings(), Set.copyOf(c.rootNames),
        c.entityScoped);
  }

  private Type visit(Node node) {
    Type t = node.accept(this);
    types.put(node, t);
    return t;
  }

  // ------------------------------------------------------------------ leaves

  @Override
  public Type visitLiteral(Node.Literal node) {
    return constantType(node.value());
  }

  private static Type constantType(Object v) {
    if (v == null) {
      return Type.NULL;
    }
    if (v instanceof Boolean) {
      return Type.BOOLEAN;
    }
    if (v instanceof Long || v instanceof BigDecimal) {
      return Type.NUMBER;
    }
    return v instanceof String ? Type.STRING : Type.DYN;
  }

  @Override
  public Type visitName(Node.Name n) {
    String name = n.name();
    Type param = lambdaParam(name);
    if (param != null) {
      return param;
    }
    if (variables.contains(name)) {
      rootNames.add(name);
      return Type.DYN;
    }
    NamespaceDecl ns = decls.namespace(name);
    if (ns != null) {
      rootNames.add(name);
      entityScoped |= ns.entityScoped();
      return Type.namespace(name);
    }
    throw unknownName(n);
  }

  private CqlException unknownName(Node.Name n) {
    String name = n.name();
    Set<String> known = new TreeSet<>(variables);
    decls.namespaces().forEach(ns -> known.add(ns.name()));
    lambdaScopes.forEach(scope -> known.addAll(scope.keySet()));
    String hint = "";
    if (decls.function(name) != null) {
      hint = "; '" + name + "' is a function: call it as " + name + "()";
    } else if (decls.method(name) != null) {
      hint = "; '" + name + "' is a method: call it on a value, as x." + name + (decls.method(name).property() ? "" : "()");
    }
    String msg = "unknown name '" + name + "'" + (hint.isEmpty() ? Suggest.didYouMean(name, known) : hint);
    if (hint.isEmpty() && !known.isEmpty()) {
      msg += " (known names: " + String.join(", ", known) + ")";
    }
    return new CqlException(ErrorKind.UNKNOWN_NAME, n.span(), msg);
  }

  private Type lambdaParam(String name) {
    for (Map<String, Type> scope : lambdaScopes) {
      Type t = scope.get(name);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** A bare name that refers to a namespace (not shadowed by a lambda parameter or variable). */
  private NamespaceDecl namespaceOf(Node node) {
    if (node instanceof Node.Name n && lambdaParam(n.name()) == null && !variables.contains(n.name())) {
      return decls.namespace(n.name());
    }
    return null;
  }

  @Override
  public Type visitLambda(Node.Lambda l) {
    throw new CqlException(ErrorKind.TYPE, l.span(),
        "a lambda is only accepted as the argument of a method such as any(), filter() or map()");
  }

  // ------------------------------------------------------------------ members and indexing

  @Override
  public Type visitMember(Node.Member m) {
    NamespaceDecl ns = namespaceOf(m.target());
    if (ns != null) {
      if (ns.members().containsKey(m.name())) {
        throw new CqlException(ErrorKind.TYPE, m.nameSpan(),
            "'" + m.name() + "' is a function of " + ns.name() + ": call it, as " + ns.name() + "." + m.name() + "()");
      }
      throw unknownMember(ns, m.name(), m.nameSpan());
    }
    Type target = visit(m.target());
    return memberType(target, m.name(), m.nameSpan());
  }

  /** The type of {@code target.name}: a field of a known object type, or a property; unknown fields are errors. */
  private Type memberType(Type target, String name, Span nameSpan) {
    ObjectType<?> object = target.object();
    if (object != null) {
      ObjectType.Field<?> f = object.field(name);
      if (f == null) {
        throw new CqlException(ErrorKind.UNKNOWN_NAME, nameSpan, object.unknownField(name));
      }
      return f.type();
    }
    Kind k = target.kind();
    if (k == null || k == Kind.OBJECT || k == Kind.NULL || k == Kind.NAMESPACE) {
      return Type.DYN; // unknown, a map (an absent key is null), or null (a null-value error when it runs)
    }
    MethodDecl property = decls.method(name);
    if (property != null && property.property() && property.on(k) != null) {
      return property.on(k).returns().returns(target, List.of());
    }
    throw new CqlException(ErrorKind.UNKNOWN_NAME, nameSpan, decls.noSuchField(k, name));
  }

  private CqlException unknownMember(NamespaceDecl ns, String name, Span span) {
    return new CqlException(ErrorKind.UNKNOWN_NAME, span, ns.name() + " has no function '" + name + "'"
        + Suggest.didYouMean(name, ns.members().keySet()) + " (its functions: "
        + String.join(", ", new TreeSet<>(ns.members().keySet())) + ")");
  }

  @Override
  public Type visitIndex(Node.Index i) {
    Type target = visit(i.target());
    visit(i.index());
    if (target.kind() == Kind.LIST) {
      return target.elementType();
    }
    if (target.object() != null && i.index() instanceof Node.Literal lit && lit.value() instanceof String field) {
      return memberType(target, field, i.index().span());
    }
    return Type.DYN;
  }

  // ------------------------------------------------------------------ operators and literals

  @Override
  public Type visitUnary(Node.Unary u) {
    Type operand = visit(u.operand());
    if (u.op() == Node.UnaryOp.NOT) {
      return Type.BOOLEAN;
    }
    return operand.kind() == Kind.NUMBER || operand.kind() == Kind.DURATION ? operand : Type.DYN;
  }

  @Override
  public Type visitBinary(Node.Binary b) {
    Type l = visit(b.left());
    Type r = visit(b.right());
    Kind x = l.kind();
    Kind y = r.kind();
    return switch (b.op()) {
      case OR, AND, EQ, NE, LT, LE, GT, GE, IN -> Type.BOOLEAN;
      case ADD -> {
        if (x == Kind.NUMBER && y == Kind.NUMBER) {
          yield Type.NUMBER;
        }
        if (x == Kind.STRING && y == Kind.STRING) {
          yield Type.STRING;
        }
        if (x == Kind.LIST && y == Kind.LIST) {
          yield Type.list(l.elementType().equals(r.elementType()) ? l.elementType() : Type.DYN);
        }
        if ((x == Kind.DATETIME && y == Kind.DURATION) || (x == Kind.DURATION && y == Kind.DATETIME)) {
          yield Type.DATETIME;
        }
        yield x == Kind.DURATION && y == Kind.DURATION ? Type.DURATION : Type.DYN;
      }
      case SUB -> {
        if (x == Kind.NUMBER && y == Kind.NUMBER) {
          yield Type.NUMBER;
        }
        if (x == Kind.DATETIME) {
          yield y == Kind.DATETIME ? Type.DURATION : y == Kind.DURATION ? Type.DATETIME : Type.DYN;
        }
        yield x == Kind.DURATION && y == Kind.DURATION ? Type.DURATION : Type.DYN;
      }
      case MUL, DIV, MOD -> x == Kind.NUMBER && y == Kind.NUMBER ? Type.NUMBER : Type.DYN;
    };
  }

  @Override
  public Type visitList(Node.ListLiteral l) {
    return Type.list(common(l.elements()));
  }

  @Override
  public Type visitSet(Node.SetLiteral s) {
    return Type.set(common(s.elements()));
  }

  /** The type all the elements share, or DYN. */
  private Type common(List<Node> elements) {
    Type common = null;
    for (Node e : elements) {
      Type t = visit(e);
      common = common == null ? t : common.equals(t) ? common : Type.DYN;
    }
    return common == null ? Type.DYN : common;
  }

  // ------------------------------------------------------------------ calls

  @Override
  public Type visitCall(Node.Call c) {
    if (c.target() == null) {
      FunctionDecl f = decls.function(c.name());
      if (f == null || lambdaParam(c.name()) != null) {
        throw unknownFunction(c);
      }
      entityScoped |= f.entityScoped();
      return resolve(c, Resolution.Target.FUNCTION, f, null, null, Type.DYN);
    }
    NamespaceDecl ns = namespaceOf(c.target());
    if (ns != null) {
      visit(c.target());
      FunctionDecl f = ns.members().get(c.name());
      if (f == null) {
        throw unknownMember(ns, c.name(), c.nameSpan());
      }
      entityScoped |= f.entityScoped();
      return resolve(c, Resolution.Target.NAMESPACE_MEMBER, f, ns, null, Type.namespace(ns.name()));
    }
    Type receiver = visit(c.target());
    MethodDecl m = decls.method(c.name());
    if (m == null) {
      Set<String> names = new TreeSet<>();
      decls.methods().forEach(x -> names.add(x.name()));
      String hint = Suggest.didYouMean(c.name(), names);
      throw new CqlException(ErrorKind.UNKNOWN_NAME, c.nameSpan(), "unknown method '" + c.name() + "'" + hint);
    }
    return resolve(c, Resolution.Target.METHOD, null, null, m, receiver);
  }

  private CqlException unknownFunction(Node.Call c) {
    Set<String> names = new TreeSet<>();
    decls.functions().forEach(f -> names.add(f.name()));
    String hint;
    if (decls.method(c.name()) != null) {
      hint = "; '" + c.name() + "' is a method: call it on a value, as x." + c.name() + "(...)";
    } else {
      hint = Suggest.didYouMean(c.name(), names);
      if (hint.isEmpty()) {
        hint = " (functions: " + String.join(", ", names) + ")";
      }
    }
    return new CqlException(ErrorKind.UNKNOWN_NAME, c.nameSpan(), "unknown function '" + c.name() + "'" + hint);
  }

  private Type resolve(Node.Call c, Resolution.Target target, FunctionDecl f, NamespaceDecl ns, MethodDecl m,
      Type receiver) {
    String display = (ns != null ? ns.name() + "." : "") + c.name() + "()";
    List<Node> positional = new ArrayList<>();
    Map<String, Node> named = new LinkedHashMap<>();
    Map<String, Span> namedSpans = new LinkedHashMap<>();
    Map<String, NamedParam> namedParams = new LinkedHashMap<>();
    for (Node.Argument a : c.args()) {
      if (a.name() == null) {
        positional.add(a.value());
        continue;
      }
      NamedParam p = f == null ? null : f.namedParam(a.name());
      if (p == null) {
        throw unknownNamed(display, f, a.nameSpan(), a.name());
      }
      if (named.containsKey(p.name())) {
        throw new CqlException(ErrorKind.ARITY, a.nameSpan(), display + " is given '" + p.name() + "' twice");
      }
      named.put(p.name(), a.value());
      namedSpans.put(p.name(), a.nameSpan());
      namedParams.put(p.name(), p);
    }
    MethodDecl.Overload overload = m == null ? null : m.on(receiver.kind());
    int max = f != null ? f.maxArgs() : m.maxArgs();
    int min = f != null ? f.minArgs() : m.minArgs();
    if (positional.size() < min || positional.size() > max) {
      unknownNamesFirst(positional, named.values());
      String takes = min == max ? (min == 0 ? "no arguments" : min + " argument" + (min == 1 ? "" : "s"))
          : min + " to " + max + " arguments";
      String sig = f != null ? f.signature() : m.signature();
      throw new CqlException(ErrorKind.ARITY, c.span(), display + " takes " + takes + ", found "
          + positional.size() + " (" + sig + ")");
    }
    List<Type> argTypes = new ArrayList<>();
    for (int i = 0; i < positional.size(); i++) {
      Node arg = positional.get(i);
      int lambdaArity = f != null ? (f.param(i) == null ? 0 : f.param(i).lambdaArity()) : m.lambdaArityAt(i);
      if (lambdaArity > 0) {
        argTypes.add(lambda(arg, lambdaArity, receiver.elementType(), display));
        continue;
      }
      argTypes.add(visit(arg));
      Param p = f != null ? f.param(i) : overload != null && i < overload.params().size() ? overload.params().get(i)
          : firstParamAt(m, i);
      if (p != null && p.check() != null) {
        checkConstant(arg, p.check(), arg.span());
      }
    }
    named.forEach((name, value) -> {
      visit(value);
      if (namedParams.get(name).check() != null) {
        checkConstant(value, namedParams.get(name).check(), namedSpans.get(name)); // a criterion's error is at its name
      }
    });
    resolutions.put(c, new Resolution(target, f, ns, m, receiver, List.copyOf(positional), named, namedSpans));
    if (f != null) {
      return f.returns().returns(Type.DYN, argTypes);
    }
    if (overload != null) {
      return overload.returns().returns(receiver, argTypes);
    }
    return receiver.isKnown() ? Type.DYN : anyOverload(m, argTypes);
  }

  /**
   * Before an arity error is reported: an unknown name among the arguments takes priority (the dialect
   * record), so the arguments are checked for names first; other problems in them wait for the arity fix.
   */
  private void unknownNamesFirst(List<Node> positional, java.util.Collection<Node> named) {
    List<Node> args = new ArrayList<>(positional);
    args.addAll(named);
    for (Node arg : args) {
      try {
        if (arg instanceof Node.Lambda l) {
          Map<String, Type> scope = new LinkedHashMap<>();
          l.params().forEach(p -> scope.put(p, Type.DYN));
          lambdaScopes.push(scope);
          try {
            visit(l.body());
          } finally {
            lambdaScopes.pop();
          }
        } else {
          visit(arg);
        }
      } catch (CqlException e) {
        if (e.kind() == ErrorKind.UNKNOWN_NAME) {
          throw e;
        }
      }
    }
  }

  /** The result type when the receiver's kind is unknown: the one every overload gives, else DYN. */
  private static Type anyOverload(MethodDecl m, List<Type> argTypes) {
    Type common = null;
    for (MethodDecl.Overload o : m.overloads().values()) {
      Type t = o.returns().returns(Type.of(o.receiver()), argTypes);
      common = common == null ? t : common.equals(t) ? common : Type.DYN;
    }
    return common == null ? Type.DYN : common;
  }

  /** The parameter at a position when every overload declares the same one there (for constant checks). */
  private static Param firstParamAt(MethodDecl m, int i) {
    Param found = null;
    for (MethodDecl.Overload o : m.overloads().values()) {
      Param p = i < o.params().size() ? o.params().get(i) : null;
      if (found == null) {
        found = p;
      } else if (p == null || p.check() != found.check()) {
        return null;
      }
    }
    return found;
  }

  /** Checks a lambda argument and its body, with its parameters bound to {@code element}; the body's type. */
  private Type lambda(Node arg, int arity, Type element, String display) {
    if (!(arg instanceof Node.Lambda l)) {
      throw new CqlException(ErrorKind.TYPE, arg.span(), display + " expects a lambda here, such as (x) => x != null");
    }
    if (l.params().size() != arity) {
      throw new CqlException(ErrorKind.ARITY, l.span(), "the lambda given to " + display + " must take "
          + arity + " parameter" + (arity == 1 ? "" : "s") + ", not " + l.params().size());
    }
    Map<String, Type> scope = new LinkedHashMap<>();
    for (String p : l.params()) {
      scope.put(p, arity == 1 ? element : Type.DYN);
    }
    lambdaScopes.push(scope);
    try {
      Type body = visit(l.body());
      types.put(l, body);
      return body;
    } finally {
      lambdaScopes.pop();
    }
  }

  private static final Object NOT_CONSTANT = new Object();

  private static void checkConstant(Node arg, dev.cql.lang.ConstantCheck check, Span at) {
    Object v = constant(arg);
    if (v != NOT_CONSTANT) {
      check.check(v, at);
    }
  }

  /** The value of a literal or a list of literals, else {@link #NOT_CONSTANT}. */
  private static Object constant(Node n) {
    if (n instanceof Node.Literal l) {
      return l.value();
    }
    if (n instanceof Node.ListLiteral list) {
      List<Object> values = new ArrayList<>();
      for (Node e : list.elements()) {
        if (!(e instanceof Node.Literal l)) {
          return NOT_CONSTANT;
        }
        values.add(l.value());
      }
      return java.util.Collections.unmodifiableList(values);
    }
    return NOT_CONSTANT;
  }

  /** The unknown-name error of a named argument the function does not take, with a did-you-mean or a hint. */
  static CqlException unknownNamed(String display, FunctionDecl f, Span nameSpan, String name) {
    if (f == null) {
      return new CqlException(ErrorKind.UNKNOWN_NAME, nameSpan, "methods take no named arguments; "
          + display + " was given '" + name + "'");
    }
    if (f.named().isEmpty()) {
      return new CqlException(ErrorKind.UNKNOWN_NAME, nameSpan, display + " takes no named arguments; found '" + name + "'");
    }
    Set<String> spellings = new LinkedHashSet<>();
    Set<String> canonical = new TreeSet<>();
    for (NamedParam p : f.named()) {
      spellings.add(p.name());
      spellings.addAll(p.aliases());
      canonical.add(p.name());
    }
    String hint = f.namedHints().get(name);
    return new CqlException(ErrorKind.UNKNOWN_NAME, nameSpan, display + " has no criterion '" + name + "'"
        + (hint != null ? "; " + hint : Suggest.didYouMean(name, spellings)) + "; valid criteria: "
        + String.join(", ", canonical));
  }
}
