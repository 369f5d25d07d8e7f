package dev.cql.entity.namespace;

import dev.cql.entity.Entity;
import dev.cql.eval.Env;
import dev.cql.eval.Errors;
import dev.cql.eval.Eval;
import dev.cql.eval.FunctionSpec;
import dev.cql.eval.NamespaceSpec;
import dev.cql.eval.Registry;
import dev.cql.eval.Site;
import dev.cql.eval.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.thisptr.jackson.jq.JsonQuery;

/**
 * Registers the {@code entity} namespace ({@code tag() name() type() description() descriptor() groups()})
 * and the global functions {@code custom(key)}, {@code hasGroup(name)} and {@code jq(value, program)}.
 */
public final class EntityLibrary {

  private EntityLibrary() {}

  private static final int[] NONE = {};

  /**
   * Each entity's descriptor as a CQL value, converted once rather than per call (a scorecard reads it for
   * every rule); keyed by the entity's identity and dropped with it.
   */
  private static final class Descriptors { // created on first use: an expression without entity.descriptor() loads no cache
    static final com.github.benmanes.caffeine.cache.Cache<Entity, Object> CACHE =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().build();
  }

  public static Registry.Builder install(Registry.Builder r) {
    List<FunctionSpec> members = new ArrayList<>();
    members.add(member("tag", "entity.tag()", "the entity's tag (x-cortex-tag)", Entity::tag));
    members.add(member("name", "entity.name()", "the entity's name (the descriptor's title)", Entity::title));
    members.add(member("type", "entity.type()", "the entity's type (x-cortex-type; service when absent)", Entity::type));
    members.add(member("description", "entity.description()", "the entity's description, or null", Entity::description));
    members.add(member("descriptor", "entity.descriptor()", "the whole descriptor as an object",
        e -> Descriptors.CACHE.get(e, d -> Values.fromJava(d.descriptor()))));
    members.add(member("groups", "entity.groups()", "the entity's groups (x-cortex-groups) as a list",
        e -> Values.fromJava(e.groups())));
    r.namespace(new NamespaceSpec("entity", members, "the catalog entity the expression is evaluated for"));

    r.function(new FunctionSpec("custom", 1, 1, NONE, List.of(), args -> {
      Eval key = args.eval(0);
      Site site = args.site();
      return env -> {
        Object k = key.eval(env);
        if (!(k instanceof String s)) {
          throw Errors.type(site.arg(0), "custom() needs a string key, found " + Errors.a(k));
        }
        return Values.fromJava(entity(env, site).custom(s));
      };
    }, "custom(key)", "the entity's custom metadata value under key (x-cortex-custom-metadata); null when absent"));

    r.function(new FunctionSpec("hasGroup", 1, 1, NONE, List.of(), args -> {
      Eval name = args.eval(0);
      Site site = args.site();
      return env -> {
        Object g = name.eval(env);
        if (!(g instanceof String s)) {
          throw Errors.type(site.arg(0), "hasGroup() needs a string, found " + Errors.a(g));
        }
        return entity(env, site).groups().contains(s);
      };
    }, "hasGroup(name)", "whether the entity is in the group"));

    r.function(new FunctionSpec("jq", 2, 2, NONE, List.of(), args -> {
      Eval value = args.eval(0);
      Eval program = args.eval(1);
      Site site = args.site();
      JsonQuery fixed = program instanceof Eval.Const c && c.value() instanceof String s ? Jq.compile(s, site.arg(1)) : null;
      return env -> {
        Object v = value.eval(env);
        JsonQuery q = fixed;
        if (q == null) {
          Object p = program.eval(env);
          if (!(p instanceof String s)) {
            throw Errors.type(site.arg(1), "jq() needs the program as a string, found " + Errors.a(p));
          }
          q = Jq.compile(s, site.arg(1));
        }
        return Jq.run(q, v, site.span());
      };
    }, "jq(value, program)", "runs a jq program on the value: its first output; null for none; a list for several"));
    return r;
  }

  private static FunctionSpec member(String name, String signature, String summary, Function<Entity, Object> read) {
    return new FunctionSpec(name, 0, 0, NONE, List.of(), args -> {
      Eval receiver = args.receiver();
      Site site = args.site();
      return env -> read.apply(entityOf(receiver.eval(env), site)); // read gives CQL values
    }, signature, summary);
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
