package dev.cql.eval;

import dev.cql.lang.Kind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every function, method and namespace the engine knows. Immutable; {@link #core()} holds the language's
 * built-ins and libraries (entity, buildkite) extend it through {@link #toBuilder()}.
 */
public final class Registry {

  private final Map<String, FunctionSpec> functions;
  private final Map<String, MethodSpec> methods;
  private final Map<String, NamespaceSpec> namespaces;

  private Registry(Builder b) {
    this.functions = Map.copyOf(b.functions);
    this.methods = Map.copyOf(b.methods);
    this.namespaces = Map.copyOf(b.namespaces);
  }

  private static final Registry CORE = Builtins.install(new Builder()).build();

  /** The language's own built-ins. */
  public static Registry core() {
    return CORE;
  }

  public FunctionSpec function(String name) {
    return functions.get(name);
  }

  public MethodSpec method(String name) {
    return methods.get(name);
  }

  public NamespaceSpec namespace(String name) {
    return namespaces.get(name);
  }

  public Collection<FunctionSpec> functions() {
    return functions.values();
  }

  public Collection<MethodSpec> methods() {
    return methods.values();
  }

  public Collection<NamespaceSpec> namespaces() {
    return namespaces.values();
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

  public static final class Builder {
    private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
    private final Map<String, MethodSpec> methods = new LinkedHashMap<>();
    private final Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();

    public Builder function(FunctionSpec f) {
      functions.put(f.name(), f);
      return this;
    }

    /** Adds a method; a second registration of the same name merges its per-kind implementations. */
    public Builder method(MethodSpec m) {
      MethodSpec old = methods.get(m.name());
      if (old != null) {
        Map<Kind, MethodSpec.MethodImpl> impls = new LinkedHashMap<>(old.impls());
        impls.putAll(m.impls());
        m = new MethodSpec(m.name(), Math.min(old.minArgs(), m.minArgs()), Math.max(old.maxArgs(), m.maxArgs()),
            m.lambdaParams().length >= old.lambdaParams().length ? m.lambdaParams() : old.lambdaParams(),
            old.property() || m.property(), impls, old.signature(), old.summary());
      }
      methods.put(m.name(), m);
      return this;
    }

    public Builder namespace(NamespaceSpec n) {
      namespaces.put(n.name(), n);
      return this;
    }

    public Registry build() {
      return new Registry(this);
    }
  }
}
