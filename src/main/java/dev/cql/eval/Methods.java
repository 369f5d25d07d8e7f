package dev.cql.eval;

import dev.cql.eval.Registry.MethodImpl;
import dev.cql.eval.Registry.Preparer;
import dev.cql.lang.Kind;
import dev.cql.lang.MethodDecl.Overload;
import dev.cql.lang.MethodDecl;
import dev.cql.lang.Param;
import dev.cql.lang.ReturnRule;
import dev.cql.lang.Type;
import dev.cql.lang.Words;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Declares methods by name, one overload per receiver kind, with their parameters' kinds and their result's
 * type, next to their implementation:
 *
 * <pre>{@code
 * Methods.define("startsWith").signature("text.startsWith(prefix)").summary("...")
 *     .on(Kind.STRING).param("prefix", Type.STRING).returns(Type.BOOLEAN)
 *     .body((env, recv, args, site) -> ((String) recv).startsWith((String) args[0]))
 *     .into(registry);
 * }</pre>
 *
 * The arguments of an overload are checked against its declared kinds once, in one place (here, around the
 * body), so bodies cast instead of checking.
 */
public final class Methods {

  private Methods() {}

  public static Builder define(String name) {
    return new Builder(name);
  }

  /** Collects one method; {@link #on} starts an overload. */
  public static final class Builder {
    private final String name;
    private boolean property;
    private String signature;
    private String summary = "";
    private final Map<Kind, Overload> overloads = new EnumMap<>(Kind.class);
    private final Map<Kind, MethodImpl> impls = new EnumMap<>(Kind.class);
    private final List<Preparer> preparers = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
      this.signature = "x." + name + "()";
    }

    /** May also be written without parentheses ({@code list.length}). */
    public Builder property() {
      this.property = true;
      return this;
    }

    public Builder signature(String s) {
      this.signature = s;
      return this;
    }

    public Builder summary(String s) {
      this.summary = s;
      return this;
    }

    /** Starts the overload for receivers of these kinds. */
    public OverloadBuilder on(Kind... kinds) {
      return new OverloadBuilder(this, kinds);
    }

    public Registry.Builder into(Registry.Builder r) {
      return r.method(new MethodDecl(name, property, overloads, signature, summary), impls,
          preparers.toArray(new Preparer[0]));
    }
  }

  /** One overload: its parameters, result and body. */
  public static final class OverloadBuilder {
    private final Builder method;
    private final Kind[] kinds;
    private final List<Param> params = new ArrayList<>();
    private final List<Preparer> prepared = new ArrayList<>();
    private int minArgs = -1;
    private ReturnRule returns = ReturnRule.DYN;
    private boolean pure = true;

    private OverloadBuilder(Builder method, Kind[] kinds) {
      this.method = method;
      this.kinds = kinds;
    }

    public OverloadBuilder param(String name, Type type) {
      return param(Param.value(name, type));
    }

    public OverloadBuilder param(Param p) {
      params.add(p);
      prepared.add(null);
      return this;
    }

    /** A parameter whose argument the body receives prepared (checked and converted by {@code preparer}). */
    public OverloadBuilder param(Param p, Preparer preparer) {
      params.add(p);
      prepared.add(preparer);
      return this;
    }

    /** A lambda argument taking {@code arity} parameters, bound to the receiver's elements. */
    public OverloadBuilder lambda(String name, int arity) {
      return param(Param.lambda(name, arity));
    }

    /** The parameters declared so far are required; those declared after this are optional. */
    public OverloadBuilder optionalFromHere() {
      minArgs = params.size();
      return this;
    }

    public OverloadBuilder returns(Type t) {
      this.returns = ReturnRule.of(t);
      return this;
    }

    public OverloadBuilder returns(ReturnRule rule) {
      this.returns = rule;
      return this;
    }

    /** Reads more than its receiver and arguments (the clock): never evaluated when compiled. */
    public OverloadBuilder impure() {
      this.pure = false;
      return this;
    }

    public Builder body(MethodImpl body) {
      MethodImpl checked = checking(method.name, params, prepared, body);
      for (int i = 0; i < prepared.size(); i++) {
        while (method.preparers.size() <= i) {
          method.preparers.add(null);
        }
        if (prepared.get(i) != null) {
          method.preparers.set(i, prepared.get(i));
        }
      }
      for (Kind k : kinds) {
        method.overloads.put(k, new Overload(k, params, minArgs < 0 ? params.size() : minArgs, returns, pure));
        method.impls.put(k, checked);
      }
      return method;
    }
  }

  /**
   * The body behind one check of its arguments against the declared kinds, and the preparation of those
   * not prepared when compiled (nothing is wrapped when no parameter is typed or prepared).
   */
  private static MethodImpl checking(String name, List<Param> params, List<Preparer> prepared, MethodImpl body) {
    int n = params.size();
    Kind[] kinds = new Kind[n];
    Preparer[] prep = prepared.toArray(new Preparer[0]);
    boolean any = false;
    for (int i = 0; i < n; i++) {
      Param p = params.get(i);
      kinds[i] = p.isLambda() || prep[i] != null ? null : p.type().kind();
      any |= kinds[i] != null || prep[i] != null;
    }
    if (!any) {
      return body;
    }
    return (env, recv, args, site) -> {
      Object[] a = args;
      for (int i = 0; i < a.length && i < n; i++) {
        if (prep[i] != null) {
          if (!prep[i].isPrepared(a[i])) {
            if (a == args) {
              a = args.clone(); // the compiler may share an argument array between evaluations
            }
            a[i] = prep[i].prepare(a[i], site, i);
          }
        } else if (kinds[i] != null && !Values.isKind(a[i], kinds[i])) {
          throw argumentKind(name, kinds[i], a[i], site, i);
        }
      }
      return body.call(env, recv, a, site);
    };
  }

  /** The type error of an argument of the wrong kind. */
  static RuntimeException argumentKind(String name, Kind expected, Object found, Site site, int i) {
    return Errors.type(site.arg(i), name + "() needs " + Words.a(expected.word()) + " here, found " + Errors.a(found));
  }
}
