package dev.cql.entity.namespace;

import dev.cql.entity.Entity;
import dev.cql.eval.Env;
import dev.cql.eval.Errors;
import dev.cql.eval.Eval;
import dev.cql.eval.Functions;
import dev.cql.eval.Registry.FunctionBinding;
import dev.cql.eval.Registry;
import dev.cql.eval.Site;
import dev.cql.eval.Values;
import dev.cql.lang.Type;
import java.util.List;
import java.util.function.Function;
import net.thisptr.jackson.jq.JsonQuery;

/**
 * Registers the {@code entity} namespace ({@code tag() name() type() description() descriptor() groups()})
 * and the global functions {@code custom(key)}, {@code hasGroup(name)} and {@code jq(value, program)}.
 */
public final class EntityLibrary {

  private EntityLibrary() {}

  /**
   * Each entity's descriptor as a CQL value, converted once rather than per call (a scorecard reads it for
   * every rule); keyed by the entity's identity and dropped with it.
   */
  private static final class Descriptors { // created on first use: an expression without entity.descriptor() loads no cache
    static final com.github.benmanes.caffeine.cache.Cache<Entity, Object> CACHE =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().build();
  }

  public static Registry.Builder install(Registry.Builder r) {
    Functions.namespace(r, "entity", true, "the catalog entity the expression is evaluated for", List.of(
        member("tag", Type.STRING, "entity.tag()", "the entity's tag (x-cortex-tag)", Entity::tag),
        member("name", Type.STRING, "entity.name()", "the entity's name (the descriptor's title)", Entity::title),
        member("type", Type.STRING, "entity.type()", "the entity's type (x-cortex-type; service when absent)", Entity::type),
        member("description", Type.STRING, "entity.description()", "the entity's description, or null", Entity::description),
        member("descriptor", Type.MAP, "entity.descriptor()", "the whole descriptor as an object",
            e -> Descriptors.CACHE.get(e, d -> Values.fromJava(d.descriptor()))),
        member("groups", Type.list(Type.STRING), "entity.groups()", "the entity's groups (x-cortex-groups) as a list",
            e -> Values.fromJava(e.groups()))));

    Functions.register(r, Functions.define("custom").param("key", Type.STRING).entityScoped().signature("custom(key)")
        .summary("the entity's custom metadata value under key (x-cortex-custom-metadata); null when absent")
        .body((env, args, site) -> Values.fromJava(entity(env, site).custom((String) args[0]))));

    Functions.register(r, Functions.define("hasGroup").param("name", Type.STRING).returns(Type.BOOLEAN).entityScoped()
        .signature("hasGroup(name)").summary("whether the entity is in the group")
        .body((env, args, site) -> entity(env, site).groups().contains((String) args[0])));

    Functions.register(r, Functions.define("jq").param("value", Type.DYN).param("program", Type.STRING)
        .signature("jq(value, program)")
        .summary("runs a jq program on the value: its first output; null for none; a list for several")
        .compiler(args -> {
          Eval value = args.eval(0);
          Eval program = args.eval(1);
          Site site = args.site();
          JsonQuery fixed = program instanceof Eval.Const c && c.value() instanceof String s ? Jq.compile(s, site.arg(1)) : null;
          return env -> {
            Object v = value.eval(env);
            JsonQuery q = fixed != null ? fixed : Jq.compile((String) program.eval(env), site.arg(1));
            return Jq.run(q, v, site.span());
          };
        }));
    return r;
  }

  private static FunctionBinding member(String name, Type returns, String signature, String summary,
      Function<Entity, Object> read) {
    return Functions.define(name).returns(returns).entityScoped().signature(signature).summary(summary).compiler(args -> {
      Eval receiver = args.receiver();
      Site site = args.site();
      return env -> read.apply(entityOf(receiver.eval(env), site)); // read gives CQL values
    });
  }

  private static Entity entity(Env env, Site site) {
    return entityOf(env.variable("entity", site.span()), site);
  }

  private static Entity entityOf(Object v, Site site) {
    if (v instanceof EntityValue e) {
      return e.entity();
    }
    if (v == null) {
      throw Errors.nullValue(site.span(), site.name() + "() needs an entity, and none is selected");
    }
    throw Errors.type(site.span(), "entity is bound to " + Errors.a(v) + ", not to a catalog entity");
  }
}
