package dev.cql.buildkite.namespace;

import dev.cql.eval.Env;
import dev.cql.eval.Errors;
import dev.cql.eval.Eval;
import dev.cql.eval.Functions;
import dev.cql.eval.Registry.CompiledArgs;
import dev.cql.eval.Registry;
import dev.cql.eval.Site;
import dev.cql.lang.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registers the {@code buildkite} namespace: {@code pipelines(criteria)} and {@code builds(criteria)}. */
public final class BuildkiteLibrary {

  /** The namespace's name, as rules write it. */
  public static final String NAMESPACE = "buildkite";

  private BuildkiteLibrary() {}

  static final Type PIPELINES = Type.list(Type.object(PipelineValue.TYPE));
  static final Type BUILDS = Type.list(Type.object(BuildValue.TYPE));

  public static Registry.Builder install(Registry.Builder r) {
    return Functions.namespace(r, NAMESPACE, true,
        "the entity's Buildkite pipelines and builds; null when nothing links to the entity", List.of(
            Functions.define("pipelines").named(Criteria.PIPELINE_PARAMS).returns(PIPELINES).entityScoped()
                .signature("buildkite.pipelines(criteria...)")
                .summary("the entity's linked pipelines matching every criterion, ordered by slug")
                .compiler(args -> compile(args, false)),
            Functions.define("builds").named(Criteria.BUILD_PARAMS).returns(BUILDS).entityScoped()
                .hint("created_at", "to choose builds by creation time use created_from=, created_to= or lookback=")
                .hint("created_after", "write created_from= (builds created at or after a datetime)")
                .hint("created_before", "write created_to= (builds created before a datetime)")
                .signature("buildkite.builds(criteria...)")
                .summary("builds of the linked pipelines matching every criterion, newest first; by default those created"
                    + " in the last 30 days")
                .compiler(args -> compile(args, true))));
  }

  private static Eval compile(CompiledArgs args, boolean builds) {
    Site site = args.site();
    Eval receiver = args.receiver();
    Map<String, Eval> named = args.named();
    boolean constant = named.values().stream().allMatch(e -> e instanceof Eval.Const);
    Criteria fixed = null;
    if (constant) {
      Map<String, Object> values = new LinkedHashMap<>();
      named.forEach((k, v) -> values.put(k, ((Eval.Const) v).value()));
      fixed = Criteria.bind(values, args.namedSpans(), builds);
    }
    Criteria bound = fixed;
    return env -> {
      BuildkiteNamespace ns = namespace(receiver.eval(env), site);
      Criteria c = bound != null ? bound : bind(env, named, args, builds);
      return builds ? ns.builds(c, env, site) : ns.pipelines(c, env, site);
    };
  }

  private static Criteria bind(Env env, Map<String, Eval> named, CompiledArgs args, boolean builds) {
    Map<String, Object> values = new LinkedHashMap<>();
    named.forEach((k, v) -> values.put(k, v.eval(env)));
    return Criteria.bind(values, args.namedSpans(), builds);
  }

  private static BuildkiteNamespace namespace(Object v, Site site) {
    if (v instanceof BuildkiteNamespace ns) {
      return ns;
    }
    throw Errors.type(site.span(), "buildkite is bound to " + Errors.a(v) + ", not to the Buildkite namespace");
  }
}
