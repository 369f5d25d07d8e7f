package dev.cql.buildkite.namespace;

import dev.cql.eval.Env;
import dev.cql.eval.Errors;
import dev.cql.eval.Eval;
import dev.cql.eval.FunctionSpec;
import dev.cql.eval.NamespaceSpec;
import dev.cql.eval.Registry;
import dev.cql.eval.Site;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registers the {@code buildkite} namespace: {@code pipelines(criteria)} and {@code builds(criteria)}. */
public final class BuildkiteLibrary {

  private BuildkiteLibrary() {}

  public static Registry.Builder install(Registry.Builder r) {
    FunctionSpec pipelines = new FunctionSpec("pipelines", 0, 0, new int[0], Criteria.PIPELINE_PARAMS,
        args -> compile(args, false), "buildkite.pipelines(criteria...)",
        "the entity's linked pipelines matching every criterion, ordered by slug");
    FunctionSpec builds = new FunctionSpec("builds", 0, 0, new int[0], Criteria.BUILD_PARAMS,
        args -> compile(args, true), "buildkite.builds(criteria...)",
        "builds of the linked pipelines matching every criterion, newest first; by default those created in the last 30 days");
    // The singular spellings of the two functions are accepted too.
    FunctionSpec pipeline = new FunctionSpec("pipeline", 0, 0, new int[0], Criteria.PIPELINE_PARAMS,
        args -> compile(args, false), "buildkite.pipeline(criteria...)", "the same as pipelines()");
    FunctionSpec build = new FunctionSpec("build", 0, 0, new int[0], Criteria.BUILD_PARAMS,
        args -> compile(args, true), "buildkite.build(criteria...)", "the same as builds()");
    return r.namespace(new NamespaceSpec("buildkite", List.of(pipelines, builds, pipeline, build),
        "the entity's Buildkite pipelines and builds; null when nothing links to the entity"));
  }

  private static Eval compile(FunctionSpec.CompiledArgs args, boolean builds) {
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

  private static Criteria bind(Env env, Map<String, Eval> named, FunctionSpec.CompiledArgs args, boolean builds) {
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
