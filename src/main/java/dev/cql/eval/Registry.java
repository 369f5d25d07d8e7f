package dev.cql.eval;

import dev.cql.api.error.Span;
import dev.cql.lang.Declarations;
import dev.cql.lang.FunctionDecl;
import dev.cql.lang.Kind;
import dev.cql.lang.MethodDecl;
import dev.cql.lang.NamespaceDecl;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every function, method and namespace the engine knows: each declaration (what the checker reads, in
 * {@code dev.cql.lang}) with its implementation (what the compiler links in). Immutable; {@link #core()}
 * holds the language's built-ins, and libraries (entity, buildkite) extend it through {@link #toBuilder()}
 * with the builders of {@link Functions} and {@link Methods}.
 */
public final class Registry implements Declarations {

  /** A global function or namespace member: its declaration and how a call of it is compiled. */
  public record FunctionBinding(FunctionDecl decl, CallCompiler compiler) {}

  /**
   * A method: its declaration, one implementation per receiver kind (indexed by {@link Kind#ordinal()}),
   * and, per argument position, the {@link Preparer} its overloads apply there (or null).
   */
  public record MethodBinding(MethodDecl decl, MethodImpl[] table, Preparer[] preparers) {

    public Preparer preparer(int position) {
      return position < preparers.length ? preparers[position] : null;
    }
  }

  /**
   * Turns an argument into the form a body works on, such as a regular expression's text into a compiled
   * pattern: once, when the expression is compiled, for a constant argument; at each call otherwise.
   */
  public interface Preparer {
    /** The prepared form of {@code value}, or a CqlException (a type error for a value of the wrong kind). */
    Object prepare(Object value, Site site, int position);

    boolean isPrepared(Object value);
  }

  /** A namespace: its declaration and how each member's calls are compiled. */
  public record NamespaceBinding(NamespaceDecl decl, Map<String, CallCompiler> members) {}

  /** Builds the evaluator of one call once its arguments are compiled. */
  @FunctionalInterface
  public interface CallCompiler {
    Eval compile(CompiledArgs args);
  }

  /** One method body; the receiver is of the kind it was registered for and the arguments are checked. */
  @FunctionalInterface
  public interface MethodImpl {
    /** {@code args} holds evaluated values, and {@link Lambda}s where the method takes lambdas. */
    Object call(Env env, Object receiver, Object[] args, Site site);
  }

  /**
   * The compiled arguments of one call.
   *
   * @param receiver the namespace value's evaluator for a namespace member, else null
   * @param positional each an {@link Eval} or a {@link Lambda}
   * @param named canonical name to evaluator
   */
  public record CompiledArgs(Site site, Eval receiver, Object[] positional, Map<String, Eval> named,
      Map<String, Span> namedSpans) {

    public Eval eval(int i) {
      return (Eval) positional[i];
    }

    public Lambda lambda(int i) {
      return (Lambda) positional[i];
    }
  }

  private final Map<String, FunctionBinding> functions;
  private final Map<String, MethodBinding> methods;
  private final Map<String, NamespaceBinding> namespaces;
  private final List<FunctionDecl> functionDecls;
  private final List<MethodDecl> methodDecls;
  private final List<NamespaceDecl> namespaceDecls;

  private Registry(Builder b) {
    this.functions = Map.copyOf(b.functions);
    this.methods = Map.copyOf(b.methods);
    this.namespaces = Map.copyOf(b.namespaces);
    this.functionDecls = b.functions.values().stream().map(FunctionBinding::decl).toList();
    this.methodDecls = b.methods.values().stream().map(MethodBinding::decl).toList();
    this.namespaceDecls = b.namespaces.values().stream().map(NamespaceBinding::decl).toList();
  }

  private static final class Core {
    static final Registry CORE = Builtins.install(new Builder()).build();
  }

  /** The language's own built-ins. */
  public static Registry core() {
    return Core.CORE;
  }

  @Override
  public FunctionDecl function(String name) {
    FunctionBinding f = functions.get(name);
    return f == null ? null : f.decl();
  }

  @Override
  public MethodDecl method(String name) {
    MethodBinding m = methods.get(name);
    return m == null ? null : m.decl();
  }

  @Override
  public NamespaceDecl namespace(String name) {
    NamespaceBinding n = namespaces.get(name);
    return n == null ? null : n.decl();
  }

  @Override
  public Collection<FunctionDecl> functions() {
    return functionDecls;
  }

  @Override
  public Collection<MethodDecl> methods() {
    return methodDecls;
  }

  @Override
  public Collection<NamespaceDecl> namespaces() {
    return namespaceDecls;
  }

  public FunctionBinding functionBinding(String name) {
    return functions.get(name);
  }

  public MethodBinding methodBinding(String name) {
    return methods.get(name);
  }

  public NamespaceBinding namespaceBinding(String name) {
    return namespaces.get(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.functions.putAll(functions);
    b.methods.putAll(methods);
    b.namespaces.putAll(namespaces);
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects bindings; {@link Functions} and {@link Methods} build them. */
  public static final class Builder {
    private final Map<String, FunctionBinding> functions = new LinkedHashMap<>();
    private final Map<String, MethodBinding> methods = new LinkedHashMap<>();
    private final Map<String, NamespaceBinding> namespaces = new LinkedHashMap<>();

    public Builder function(FunctionDecl decl, CallCompiler compiler) {
      functions.put(decl.name(), new FunctionBinding(decl, compiler));
      return this;
    }

    /** Adds a method; a second registration of the same name adds its receiver kinds to the first. */
    public Builder method(MethodDecl decl, Map<Kind, MethodImpl> impls, Preparer[] preparers) {
      MethodBinding old = methods.get(decl.name());
      MethodImpl[] table = old == null ? new MethodImpl[Kind.ALL.length] : old.table().clone();
      impls.forEach((k, impl) -> table[k.ordinal()] = impl);
      Preparer[] prep = preparers;
      if (old != null) {
        prep = java.util.Arrays.copyOf(old.preparers(), Math.max(old.preparers().length, preparers.length));
        for (int i = 0; i < preparers.length; i++) {
          if (preparers[i] != null) {
            prep[i] = preparers[i];
          }
        }
      }
      methods.put(decl.name(), new MethodBinding(old == null ? decl : old.decl().merge(decl), table, prep));
      return this;
    }

    public Builder namespace(NamespaceDecl decl, Map<String, CallCompiler> members) {
      namespaces.put(decl.name(), new NamespaceBinding(decl, Collections.unmodifiableMap(new LinkedHashMap<>(members))));
      return this;
    }

    public Registry build() {
      return new Registry(this);
    }
  }
}
