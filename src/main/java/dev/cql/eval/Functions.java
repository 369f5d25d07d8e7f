package dev.cql.eval;

import dev.cql.eval.Registry.CallCompiler;
import dev.cql.eval.Registry.FunctionBinding;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.NamedParam;
import dev.cql.lang.NamespaceDecl;
import dev.cql.lang.Param;
import dev.cql.lang.ReturnRule;
import dev.cql.lang.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Declares global functions and namespace members by name, with their parameters' kinds and their result's
 * type, next to their implementation:
 *
 * <pre>{@code
 * Functions.define("duration")
 *     .param("text", Type.STRING).returns(Type.DURATION).pure()
 *     .signature("duration(text)").summary("an ISO-8601 duration such as \"P7D\"")
 *     .body((env, args, site) -> parseDuration((String) args[0], site.arg(0)))
 *     .into(registry);
 * }</pre>
 *
 * Arguments are checked against the declared kinds once, where the call is compiled (see
 * {@link Compiler}), so bodies cast instead of checking.
 */
public final class Functions {

  private Functions() {}

  public static Builder define(String name) {
    return new Builder(name);
  }

  /** A function body over evaluated, checked arguments. */
  @FunctionalInterface
  public interface Body {
    Object call(Env env, Object[] args, Site site);
  }

  /** Registers a namespace and its members. */
  public static Registry.Builder namespace(Registry.Builder r, String name, boolean entityScoped, String summary,
      List<FunctionBinding> members) {
    Map<String, CallCompiler> compilers = new LinkedHashMap<>();
    List<FunctionDecl> decls = new ArrayList<>();
    for (FunctionBinding m : members) {
      decls.add(m.decl());
      compilers.put(m.decl().name(), m.compiler());
    }
    return r.namespace(NamespaceDecl.of(name, decls, entityScoped, summary), compilers);
  }

  /** Collects one declaration; every method but the terminal ones returns this. */
  public static final class Builder {
    private final String name;
    private final List<Param> params = new ArrayList<>();
    private int minArgs = -1;
    private final List<NamedParam> named = new ArrayList<>();
    private final Map<String, String> hints = new LinkedHashMap<>();
    private ReturnRule returns = ReturnRule.DYN;
    private boolean pure;
    private boolean entityScoped;
    private String signature;
    private String summary = "";

    private Builder(String name) {
      this.name = name;
      this.signature = name + "()";
    }

    public Builder param(String paramName, Type type) {
      params.add(Param.value(paramName, type));
      return this;
    }

    public Builder param(Param p) {
      params.add(p);
      return this;
    }

    /** The parameters declared so far are required; those declared after this are optional. */
    public Builder optionalFromHere() {
      minArgs = params.size();
      return this;
    }

    public Builder named(List<NamedParam> criteria) {
      named.addAll(criteria);
      return this;
    }

    /** A hint shown when a call names {@code spelling}, which is not a parameter, e.g. created_at. */
    public Builder hint(String spelling, String hint) {
      hints.put(spelling, hint);
      return this;
    }

    public Builder returns(Type t) {
      this.returns = ReturnRule.of(t);
      return this;
    }

    public Builder returns(ReturnRule rule) {
      this.returns = rule;
      return this;
    }

    /** Reads nothing but its arguments: a call with constant arguments is evaluated when compiled. */
    public Builder pure() {
      this.pure = true;
      return this;
    }

    /** Reads the entity an expression is evaluated for. */
    public Builder entityScoped() {
      this.entityScoped = true;
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

    private FunctionDecl decl() {
      return new FunctionDecl(name, params, minArgs < 0 ? params.size() : minArgs, named, returns, pure, entityScoped,
          hints, signature, summary);
    }

    /** Finishes with a body over the evaluated arguments (no lambdas, no named arguments). */
    public FunctionBinding body(Body body) {
      return new FunctionBinding(decl(), args -> {
        Object[] positional = args.positional();
        int n = positional.length;
        Site site = args.site();
        if (n == 0) {
          Object[] none = new Object[0];
          return env -> body.call(env, none, site);
        }
        if (n == 1) {
          Eval a = (Eval) positional[0];
          return env -> body.call(env, new Object[] {a.eval(env)}, site);
        }
        return env -> {
          Object[] values = new Object[n];
          for (int i = 0; i < n; i++) {
            values[i] = ((Eval) positional[i]).eval(env);
          }
          return body.call(env, values, site);
        };
      });
    }

    /** Finishes with a compiler that builds the call's evaluator from the compiled arguments. */
    public FunctionBinding compiler(CallCompiler compiler) {
      return new FunctionBinding(decl(), compiler);
    }
  }

  /** Adds a finished function to a registry. */
  public static Registry.Builder register(Registry.Builder r, FunctionBinding f) {
    return r.function(f.decl(), f.compiler());
  }
}
