package dev.cql.eval;

import dev.cql.check.Checker;
import dev.cql.check.Resolution;
import dev.cql.lang.CqlException;
import dev.cql.lang.Kind;
import dev.cql.lang.Node;
import dev.cql.lang.Span;
import dev.cql.lang.Suggest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a checked AST into a tree of closures. Everything that can be decided once is decided here:
 * which function or method a call is, the slot of each lambda parameter, the dispatch table of each
 * method, constant sub-expressions (folded). Evaluating then does no lookups by name except for root
 * variables.
 */
public final class Compiler {

  private final Map<Node.Call, Resolution> resolutions;
  private final Registry registry;
  private final List<Map<String, Integer>> scopes = new ArrayList<>();
  private int depth;
  private int maxSlots;

  private Compiler(Checker.Checked checked, Registry registry) {
    this.resolutions = checked.resolutions();
    this.registry = registry;
  }

  /** A compiled program: the root evaluator and how many lambda slots an evaluation needs. */
  public record Program(Eval root, int slots) {}

  public static Program compile(Checker.Checked checked, Registry registry) {
    Compiler c = new Compiler(checked, registry);
    Eval root = c.compile(checked.ast());
    return new Program(root, c.maxSlots);
  }

  private Eval compile(Node node) {
    if (node instanceof Node.Literal l) {
      return new Eval.Const(l.value());
    }
    if (node instanceof Node.Name n) {
      return name(n);
    }
    if (node instanceof Node.Member m) {
      return member(m);
    }
    if (node instanceof Node.Call c) {
      return call(c);
    }
    if (node instanceof Node.Index i) {
      Eval target = compile(i.target());
      Eval index = compile(i.index());
      Span span = i.span();
      return fold(env -> Operators.index(target.eval(env), index.eval(env), span), target, index);
    }
    if (node instanceof Node.Unary u) {
      return unary(u);
    }
    if (node instanceof Node.Binary b) {
      return binary(b);
    }
    if (node instanceof Node.ListLiteral l) {
      return listLiteral(l);
    }
    if (node instanceof Node.SetLiteral s) {
      return setLiteral(s);
    }
    throw new IllegalStateException("unexpected node " + node.getClass().getSimpleName());
  }

  // ------------------------------------------------------------ names

  private Eval name(Node.Name n) {
    // Interned: bindings are usually keyed by string literals (interned), so the scope's map lookup
    // then matches by identity instead of comparing characters.
    String name = n.name().intern();
    for (int i = scopes.size() - 1; i >= 0; i--) {
      Integer slot = scopes.get(i).get(name);
      if (slot != null) {
        int s = slot;
        return env -> env.locals[s];
      }
    }
    Span span = n.span();
    return env -> env.variable(name, span);
  }

  private Eval member(Node.Member m) {
    Eval target = compile(m.target());
    String name = m.name();
    Span span = m.nameSpan();
    MethodSpec property = registry.method(name);
    MethodSpec.MethodImpl[] table = property != null && property.property() ? property.dispatchTable() : null;
    Site site = new Site(name, m.span(), span, List.of());
    Object[] noArgs = new Object[0];
    return env -> {
      Object t = target.eval(env);
      if (t instanceof java.util.Map<?, ?> map) {
        return map.get(name);
      }
      if (table != null && (t instanceof String || t instanceof java.util.Collection<?>)) {
        MethodSpec.MethodImpl impl = table[propertyKind(t).ordinal()];
        if (impl != null) {
          return impl.call(env, t, noArgs, site);
        }
      }
      if (t instanceof java.util.Collection<?> || t instanceof String) {
        throw Errors.type(span, Errors.a(t) + " has no field '" + name + "'" + propertyHint(name, t));
      }
      return Operators.field(t, name, span, true);
    };
  }

  /** The kind of a string or collection (the receivers of properties), without the full {@link Values#kind} chain. */
  private static Kind propertyKind(Object t) {
    if (t instanceof String) {
      return Kind.STRING;
    }
    if (t instanceof List<?>) {
      return Kind.LIST;
    }
    return Values.kind(t);
  }

  private String propertyHint(String name, Object t) {
    Set<String> candidates = new TreeSet<>();
    Kind k = Values.kind(t);
    for (MethodSpec ms : registry.methods()) {
      if (ms.impls().containsKey(k)) {
        candidates.add(ms.name());
      }
    }
    String dym = Suggest.didYouMean(name, candidates);
    if (!dym.isEmpty()) {
      return dym;
    }
    MethodSpec ms = registry.method(name);
    if (ms != null && ms.impls().containsKey(k)) {
      return "; " + name + " is a method: write ." + name + "()";
    }
    return "";
  }

  // ------------------------------------------------------------ calls

  private Eval call(Node.Call c) {
    Resolution r = resolutions.get(c);
    List<Span> argSpans = new ArrayList<>();
    for (Node p : r.positional()) {
      argSpans.add(p.span());
    }
    Site site = new Site(c.name(), c.span(), c.nameSpan(), List.copyOf(argSpans));
    Object[] positional = new Object[r.positional().size()];
    for (int i = 0; i < positional.length; i++) {
      Node p = r.positional().get(i);
      positional[i] = p instanceof Node.Lambda l ? lambda(l) : compile(p);
    }
    Map<String, Eval> named = new LinkedHashMap<>();
    r.named().forEach((k, v) -> named.put(k, compile(v)));
    switch (r.target()) {
      case FUNCTION:
        return r.function().compiler().compile(
            new FunctionSpec.CompiledArgs(site, null, positional, Collections.unmodifiableMap(named), r.namedSpans()));
      case NAMESPACE_MEMBER: {
        String ns = r.namespace().name();
        Span targetSpan = c.target().span();
        Span nameSpan = c.nameSpan();
        Eval receiver = env -> {
          Object v = env.variable(ns, targetSpan);
          if (v == null) {
            throw Errors.nullValue(nameSpan, ns + " is null here, so " + ns + "." + c.name()
                + "() cannot be called; test " + ns + " != null first");
          }
          return v;
        };
        return r.function().compiler().compile(
            new FunctionSpec.CompiledArgs(site, receiver, positional, Collections.unmodifiableMap(named), r.namedSpans()));
      }
      default:
        return methodCall(c, r.method(), compile(c.target()), positional, site);
    }
  }

  private Eval methodCall(Node.Call c, MethodSpec spec, Eval target, Object[] args, Site site) {
    MethodSpec.MethodImpl[] table = spec.dispatchTable();
    String name = spec.name();
    Span nameSpan = c.nameSpan();
    int n = args.length;
    boolean anyLambda = false;
    for (Object a : args) {
      anyLambda |= a instanceof Lambda;
    }
    if (n == 0) {
      Object[] none = new Object[0];
      return env -> {
        Object recv = target.eval(env);
        return dispatch(table, recv, name, nameSpan, spec).call(env, recv, none, site);
      };
    }
    if (n == 1 && anyLambda) {
      Object[] fixed = args; // the lambda itself is the argument, shared safely: it holds no state
      return env -> {
        Object recv = target.eval(env);
        return dispatch(table, recv, name, nameSpan, spec).call(env, recv, fixed, site);
      };
    }
    boolean allConstant = true;
    for (Object a : args) {
      allConstant &= a instanceof Lambda || a instanceof Eval.Const;
    }
    if (allConstant) {
      // Method bodies only read their argument array, so one array of the constant values can be shared.
      Object[] fixed = new Object[n];
      for (int i = 0; i < n; i++) {
        fixed[i] = args[i] instanceof Eval.Const k ? k.value() : args[i];
      }
      return env -> {
        Object recv = target.eval(env);
        return dispatch(table, recv, name, nameSpan, spec).call(env, recv, fixed, site);
      };
    }
    return env -> {
      Object recv = target.eval(env);
      MethodSpec.MethodImpl impl = dispatch(table, recv, name, nameSpan, spec);
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        Object a = args[i];
        values[i] = a instanceof Lambda ? a : ((Eval) a).eval(env);
      }
      return impl.call(env, recv, values, site);
    };
  }

  private static MethodSpec.MethodImpl dispatch(MethodSpec.MethodImpl[] table, Object recv, String name, Span span,
      MethodSpec spec) {
    MethodSpec.MethodImpl impl = recv == null ? null : table[Values.kind(recv).ordinal()];
    if (impl != null) {
      return impl;
    }
    if (recv == null) {
      throw Errors.nullValue(span, "cannot call " + name + "() on null");
    }
    Set<String> kinds = new LinkedHashSet<>();
    spec.impls().keySet().forEach(k -> kinds.add(k.word()));
    throw Errors.type(span, name + "() applies to " + String.join(" or ", kinds) + " values, not to " + Errors.a(recv));
  }

  private Lambda lambda(Node.Lambda l) {
    Map<String, Integer> scope = new HashMap<>();
    int[] slots = new int[l.params().size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = depth++;
      scope.put(l.params().get(i), slots[i]);
    }
    maxSlots = Math.max(maxSlots, depth);
    scopes.add(scope);
    try {
      return new Lambda(slots, compile(l.body()), l.span());
    } finally {
      scopes.remove(scopes.size() - 1);
      depth -= slots.length;
    }
  }

  // ------------------------------------------------------------ operators

  private Eval unary(Node.Unary u) {
    Eval operand = compile(u.operand());
    Span span = u.span();
    if (u.op() == Node.UnaryOp.NEG) {
      return fold(env -> Operators.negate(operand.eval(env), span), operand);
    }
    return fold(env -> {
      Object v = operand.eval(env);
      if (v instanceof Boolean b) {
        return !b;
      }
      throw Errors.type(span, "NOT takes a boolean, not " + Errors.a(v));
    }, operand);
  }

  private Eval binary(Node.Binary b) {
    Eval l = compile(b.left());
    Eval r = compile(b.right());
    Span span = b.span();
    Span opSpan = b.opSpan();
    switch (b.op()) {
      case AND:
        return fold(env -> {
          Object x = l.eval(env);
          if (x == Boolean.FALSE) {
            return Boolean.FALSE;
          }
          if (x != Boolean.TRUE) {
            throw Errors.type(b.left().span(), "AND takes booleans, but its left side is " + Errors.a(x));
          }
          Object y = r.eval(env);
          if (y instanceof Boolean) {
            return y;
          }
          throw Errors.type(b.right().span(), "AND takes booleans, but its right side is " + Errors.a(y));
        }, l, r);
      case OR:
        return fold(env -> {
          Object x = l.eval(env);
          if (x == Boolean.TRUE) {
            return Boolean.TRUE;
          }
          if (x != Boolean.FALSE) {
            throw Errors.type(b.left().span(), "OR takes booleans, but its left side is " + Errors.a(x));
          }
          Object y = r.eval(env);
          if (y instanceof Boolean) {
            return y;
          }
          throw Errors.type(b.right().span(), "OR takes booleans, but its right side is " + Errors.a(y));
        }, l, r);
      case EQ:
      case NE: {
        boolean ne = b.op() == Node.BinaryOp.NE;
        boolean leftSet = b.left() instanceof Node.SetLiteral && !(b.right() instanceof Node.SetLiteral);
        boolean rightSet = b.right() instanceof Node.SetLiteral && !(b.left() instanceof Node.SetLiteral);
        if (rightSet || leftSet) {
          Eval value = rightSet ? l : r;
          Eval set = rightSet ? r : l;
          return fold(env -> {
            Object v = value.eval(env);
            return ((java.util.Set<?>) set.eval(env)).contains(v) != ne;
          }, l, r);
        }
        if (r instanceof Eval.Const k && k.value() != null && !(l instanceof Eval.Const)) {
          Object constant = k.value(); // equals() of CQL values is symmetric, so constant.equals(x) == Objects.equals(x, constant)
          return ne ? env -> !constant.equals(l.eval(env)) : env -> constant.equals(l.eval(env));
        }
        return fold(env -> java.util.Objects.equals(l.eval(env), r.eval(env)) != ne, l, r);
      }
      case LT:
      case LE:
      case GT:
      case GE: {
        if (r instanceof Eval.Const k && k.value() instanceof Long constant && !(l instanceof Eval.Const)) {
          return compareWithLong(b.op(), l, constant, span);
        }
        switch (b.op()) {
          case LT:
            return fold(env -> Operators.compare(l.eval(env), r.eval(env), span) < 0, l, r);
          case LE:
            return fold(env -> Operators.compare(l.eval(env), r.eval(env), span) <= 0, l, r);
          case GT:
            return fold(env -> Operators.compare(l.eval(env), r.eval(env), span) > 0, l, r);
          default:
            return fold(env -> Operators.compare(l.eval(env), r.eval(env), span) >= 0, l, r);
        }
      }
      case IN:
        return fold(env -> Operators.in(l.eval(env), r.eval(env), span), l, r);
      case ADD:
        return fold(env -> Operators.add(l.eval(env), r.eval(env), span), l, r);
      case SUB:
        return fold(env -> Operators.sub(l.eval(env), r.eval(env), span), l, r);
      case MUL:
        return fold(env -> Operators.mul(l.eval(env), r.eval(env), span), l, r);
      case DIV:
        return fold(env -> Operators.div(l.eval(env), r.eval(env), opSpan.to(b.right().span())), l, r);
      case MOD:
        return fold(env -> Operators.mod(l.eval(env), r.eval(env), opSpan.to(b.right().span())), l, r);
      default:
        throw new IllegalStateException(b.op().name());
    }
  }

  /** {@code x < k} (etc.) for an integer constant k: a long comparison when x is an integer, else the general one. */
  private static Eval compareWithLong(Node.BinaryOp op, Eval l, Long constant, Span span) {
    long k = constant;
    switch (op) {
      case LT:
        return env -> {
          Object v = l.eval(env);
          return v instanceof Long x ? x < k : Operators.compare(v, constant, span) < 0;
        };
      case LE:
        return env -> {
          Object v = l.eval(env);
          return v instanceof Long x ? x <= k : Operators.compare(v, constant, span) <= 0;
        };
      case GT:
        return env -> {
          Object v = l.eval(env);
          return v instanceof Long x ? x > k : Operators.compare(v, constant, span) > 0;
        };
      default:
        return env -> {
          Object v = l.eval(env);
          return v instanceof Long x ? x >= k : Operators.compare(v, constant, span) >= 0;
        };
    }
  }

  private Eval listLiteral(Node.ListLiteral l) {
    Eval[] elements = new Eval[l.elements().size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = compile(l.elements().get(i));
    }
    return fold(env -> {
      List<Object> out = new ArrayList<>(elements.length);
      for (Eval e : elements) {
        out.add(e.eval(env));
      }
      return Collections.unmodifiableList(out);
    }, elements);
  }

  private Eval setLiteral(Node.SetLiteral s) {
    Eval[] elements = new Eval[s.elements().size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = compile(s.elements().get(i));
    }
    return fold(env -> {
      Set<Object> out = new LinkedHashSet<>();
      for (Eval e : elements) {
        out.add(e.eval(env));
      }
      return Collections.unmodifiableSet(out);
    }, elements);
  }

  /** Evaluates {@code e} now when all its inputs are constants and it succeeds; else keeps it for run time. */
  private static Eval fold(Eval e, Eval... inputs) {
    for (Eval in : inputs) {
      if (!(in instanceof Eval.Const)) {
        return e;
      }
    }
    try {
      return new Eval.Const(e.eval(new Env(FOLDING_SCOPE, 0)));
    } catch (CqlException failsAtRunTime) {
      return e;
    }
  }

  private static final Scope FOLDING_SCOPE = new Scope() {
    @Override
    public boolean has(String name) {
      return false;
    }

    @Override
    public Object get(String name) {
      return null;
    }

    @Override
    public java.time.Instant now() {
      throw new IllegalStateException("constant folding reads no clock");
    }

    @Override
    public long maxWork() {
      return 1_000_000;
    }
  };
}
