package dev.cql.api;

import dev.cql.buildkite.namespace.BuildkiteLibrary;
import dev.cql.entity.namespace.EntityLibrary;
import dev.cql.eval.Errors;
import dev.cql.eval.Functions;
import dev.cql.eval.Registry;
import dev.cql.eval.Values;
import dev.cql.lang.Param;
import dev.cql.lang.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A set of functions and namespaces an engine can be given with {@link CqlEngine.Builder#library}: the
 * {@link #entity()} and {@link #buildkite()} namespaces, or an embedder's own functions:
 *
 * <pre>{@code
 * CqlLibrary mine = CqlLibrary.builder()
 *     .function("double", 1, "double(x): twice x", args -> args.get(0).asLong() * 2)
 *     .build();
 * CqlEngine engine = CqlEngine.builder().library(mine).build();
 * }</pre>
 */
public final class CqlLibrary {

  private final UnaryOperator<Registry.Builder> installer;

  private CqlLibrary(UnaryOperator<Registry.Builder> installer) {
    this.installer = installer;
  }

  /** The {@code entity} namespace and {@code custom()}, {@code hasGroup()}, {@code jq()}. */
  public static CqlLibrary entity() {
    return new CqlLibrary(EntityLibrary::install);
  }

  /** The {@code buildkite} namespace: {@code pipelines(criteria)} and {@code builds(criteria)}. */
  public static CqlLibrary buildkite() {
    return new CqlLibrary(BuildkiteLibrary::install);
  }

  public static Builder builder() {
    return new Builder();
  }

  Registry.Builder install(Registry.Builder r) {
    return installer.apply(r);
  }

  /** Collects an embedder's functions; every method but {@link #build} returns this. */
  public static final class Builder {
    private final List<UnaryOperator<Registry.Builder>> parts = new ArrayList<>();

    private Builder() {}

    /**
     * A global function taking exactly {@code arity} arguments of any kind.
     *
     * @param summary what it does, for help and completion, e.g. {@code "double(x): twice x"}
     */
    public Builder function(String name, int arity, String summary, CqlFunction body) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("a function name is an identifier, not '" + name + "'");
      }
      Functions.Builder f = Functions.define(name).summary(summary).signature(name + "(" + "x, ".repeat(arity).replaceAll(", $", "") + ")");
      for (int i = 0; i < arity; i++) {
        f.param(Param.value("x" + i, Type.DYN));
      }
      Registry.FunctionBinding binding = f.body((env, args, site) -> {
        List<Value> values = new ArrayList<>(args.length);
        for (Object a : args) {
          values.add(Value.of(a));
        }
        try {
          return Values.fromJava(body.apply(values));
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw Errors.type(site.span(), name + "(): " + e.getMessage());
        }
      });
      parts.add(r -> Functions.register(r, binding));
      return this;
    }

    public CqlLibrary build() {
      List<UnaryOperator<Registry.Builder>> all = List.copyOf(parts);
      return new CqlLibrary(r -> {
        for (UnaryOperator<Registry.Builder> p : all) {
          r = p.apply(r);
        }
        return r;
      });
    }
  }
}
