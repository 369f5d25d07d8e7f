package dev.cql.buildkite.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.CqlExpression;
import dev.cql.api.Value;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.entity.EntityCatalog;
import dev.cql.session.DataSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BuildkiteNamespaceTest {

  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  static Pipeline pipeline(String slug, String repo, String... tags) {
    return new Pipeline("id-" + slug, "g-" + slug, slug, slug.toUpperCase(), "about " + slug, repo,
        dev.cql.buildkite.RepositoryKey.fromUrl(repo), List.of(tags), "main", "https://buildkite.com/acme/" + slug,
        "https://api.buildkite.com/v2/organizations/acme/pipelines/" + slug, NOW.minus(Duration.ofDays(400)), "github");
  }

  static Build build(Pipeline p, long number, String state, boolean blocked, String branch, String commit,
      String source, Duration ago) {
    Instant created = NOW.minus(ago);
    return new Build("b-" + p.slug() + number, "gb", number, state, blocked, branch, commit, "msg " + number + " fix",
        source, created, created, created.plusSeconds(10), state.equals("running") ? null : created.plusSeconds(70),
        "w", "u", Map.of("name", "Ann"), null, p);
  }

  final Pipeline api = pipeline("api", "git@github.com:Acme/API.git", "backend");
  final Pipeline web = pipeline("web", "https://gitlab.com/acme/front/web.git", "frontend");
  final Pipeline other = pipeline("other", "git@github.com:acme/other.git");
  final List<Build> builds = List.of(
      build(api, 5, "passed", false, "main", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "webhook", Duration.ofHours(1)),
      build(api, 4, "failed", false, "feature/x", "ffff000011112222333344445555666677778888", "schedule", Duration.ofDays(2)),
      build(api, 3, "passed", true, "main", "a1b2c3d000000000000000000000000000000000", "ui", Duration.ofDays(3)),
      build(api, 2, "canceled", false, "release/1.2", "1234567000000000000000000000000000000000", "api", Duration.ofDays(10)),
      build(api, 1, "passed", false, "main", "1234567100000000000000000000000000000000", "trigger_job", Duration.ofDays(40)),
      build(web, 9, "running", false, "main", "9999999000000000000000000000000000000000", "webhook", Duration.ofMinutes(5)),
      build(other, 1, "passed", false, "main", "8888888000000000000000000000000000000000", "webhook", Duration.ofHours(2)));

  final AtomicInteger fetches = new AtomicInteger();
  final BuildkiteSource source = new BuildkiteSource() {
    @Override
    public List<Pipeline> pipelines() {
      return List.of(api, other, web);
    }

    @Override
    public List<Build> builds(Collection<String> slugs, Instant from, Instant to) {
      fetches.incrementAndGet();
      return dev.cql.buildkite.BuildIndex.of(builds).select(slugs, from, to);
    }

    @Override
    public String describe() {
      return "test";
    }
  };

  final EntityCatalog catalog = EntityCatalog.fromSources(Map.of(
      "svc.yaml", """
          openapi: 3.0.1
          info:
            title: Service
            x-cortex-tag: svc
            x-cortex-groups: [payments, tier-1]
            x-cortex-git: {github: {repository: acme/api}}
            x-cortex-ci-cd:
              buildkite:
                tags: [{tag: frontend}]
                pipelines: [{slug: missing-one}]
            x-cortex-custom-metadata:
              tier: 1
              owner-note: {value: "on call", description: "who"}
          """,
      "lonely.yaml", """
          openapi: 3.0.1
          info:
            title: Lonely
            x-cortex-tag: lonely
            x-cortex-type: library
          """));

  final DataSession session = new DataSession(() -> source, () -> catalog, DataSession.DEFAULT_WINDOW, "test");

  Value eval(String entity, String src) {
    CqlExpression e = session.engine().compile(src);
    return e.evaluate(session.context(session.entity(entity), NOW));
  }

  @Test
  void nullRuleAndLinking() {
    assertThat(eval("svc", "buildkite != null").asBoolean()).isTrue();
    assertThat(eval("lonely", "buildkite == null").asBoolean()).isTrue();
    assertThat(eval("svc", "buildkite.pipelines().map(p => p.slug)").toString()).isEqualTo("[\"api\", \"web\"]");
    assertThatThrownBy(() -> eval("lonely", "buildkite.builds()")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NULL_VALUE));
  }

  @Test
  void defaultWindowAndOrder() {
    assertThat(eval("svc", "buildkite.builds().map(b => [b.pipeline.slug, b.number])").toString())
        .isEqualTo("[[\"web\", 9], [\"api\", 5], [\"api\", 4], [\"api\", 3], [\"api\", 2]]");
    assertThat(eval("svc", "buildkite.builds(lookback=duration(\"P60D\")).length").asLong()).isEqualTo(6);
    assertThat(eval("svc", "buildkite.builds(created_from=\"2026-10-29T00:00:00Z\", created_to=datetime(\"2026-10-31T11:00:00Z\")).map(b => b.number)").toString())
        .isEqualTo("[4, 3]");
  }

  @Test
  void buildCriteria() {
    assertThat(eval("svc", "buildkite.builds(states=[\"passed\"]).length").asLong()).isEqualTo(2);
    assertThat(eval("svc", "buildkite.builds(state=\"PASSED\").length").asLong()).isEqualTo(2);
    assertThat(eval("svc", "buildkite.builds(state=\"blocked\").map(b => b.number)").toString()).isEqualTo("[3]");
    assertThat(eval("svc", "buildkite.builds(state=\"finished\").map(b => b.number)").toString()).isEqualTo("[5, 4, 3, 2]");
    assertThat(eval("svc", "buildkite.builds(branch=\"feature/*\").map(b => b.number)").toString()).isEqualTo("[4]");
    assertThat(eval("svc", "buildkite.builds(branches=[\"main\", \"release/*\"]).length").asLong()).isEqualTo(4);
    assertThat(eval("svc", "buildkite.builds(commit=\"a1b2c3d\").map(b => b.number)").toString()).isEqualTo("[5, 3]");
    assertThat(eval("svc", "buildkite.builds(number=[4, 2]).length").asLong()).isEqualTo(2);
    assertThat(eval("svc", "buildkite.builds(message=\"4 fix\").map(b => b.number)").toString()).isEqualTo("[4]");
    assertThat(eval("svc", "buildkite.builds(id=\"b-api5\").length").asLong()).isEqualTo(1);
    assertThat(eval("svc", "buildkite.builds(pipeline=\"web\").length").asLong()).isEqualTo(1);
    assertThat(eval("svc", "buildkite.builds(pipeline_tags=\"backend\").length").asLong()).isEqualTo(4);
    assertThat(eval("svc", "buildkite.builds(git_repository=\"acme/front/web\").length").asLong()).isEqualTo(1);
    assertThat(eval("svc", "buildkite.builds(pipeline_name=\"API\", state=\"failed\").length").asLong()).isEqualTo(1);
  }

  @Test
  void criteriaValuesMayBeComputed() {
    assertThat(eval("svc", "[\"passed\", \"failed\"].map(s => buildkite.builds(state=s).length)").toString())
        .isEqualTo("[2, 1]");
  }

  @Test
  void criterionErrors() {
    assertThatThrownBy(() -> eval("svc", "buildkite.builds(commit=\"abc\")")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.getMessage()).contains("at least 7 characters"));
    assertThatThrownBy(() -> eval("svc", "buildkite.builds(state=1)")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TYPE));
    assertThatThrownBy(() -> session.engine().compile("buildkite.builds(colour=\"red\")"))
        .isInstanceOfSatisfying(CqlException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
          assertThat(e.getMessage()).contains("valid criteria: branch, commit, created_from");
        });
    assertThatThrownBy(() -> session.engine().compile("buildkite.builds(stat=\"x\")"))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.getMessage()).contains("did you mean 'state'"));
    assertThatThrownBy(() -> session.engine().compile("buildkite.builds(state=\"a\", states=\"b\")"))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARITY));
  }

  @Test
  void objectsAndFields() {
    assertThat(eval("svc", "buildkite.builds(number=4).first().action").asString()).isEqualTo("scheduled build");
    assertThat(eval("svc", "buildkite.builds().map(b => b.action).distinct()").toString())
        .isEqualTo("[\"webhook build\", \"scheduled build\", \"manual build\", \"API build\"]");
    assertThat(eval("svc", "buildkite.builds(number=5).first().duration").toString()).isEqualTo("PT1M");
    assertThat(eval("svc", "buildkite.builds(number=9).first().finished_at").isNull()).isTrue();
    assertThat(eval("svc", "buildkite.builds(number=5).first().creator.name").asString()).isEqualTo("Ann");
    assertThat(eval("svc", "buildkite.pipelines(slug=\"api\").first().git_repository").asString()).isEqualTo("acme/api");
    assertThatThrownBy(() -> eval("svc", "buildkite.builds().first().colour")).isInstanceOfSatisfying(CqlException.class,
        e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_NAME);
          assertThat(e.getMessage()).contains("a build has no field 'colour'");
        });
  }

  @Test
  void seedExpressions() {
    CqlExpression any = session.engine().compile(
        "buildkite.pipelines().any((pipeline) => pipeline.git_repository = {\"acme/api\"})");
    assertThat(any.warnings()).hasSize(2);
    assertThat(any.evaluate(session.context(session.entity("svc"), NOW)).asBoolean()).isTrue();
    CqlExpression passed = session.engine().compile("buildkite.builds(states[\"passed\"]).length >=1");
    assertThat(passed.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("states=[\"passed\"]"));
    assertThat(passed.evaluate(session.context(session.entity("svc"), NOW)).asBoolean()).isTrue();
  }

  @Test
  void entityFunctions() {
    assertThat(eval("svc", "[entity.tag(), entity.name(), entity.type()]").toString())
        .isEqualTo("[\"svc\", \"Service\", \"service\"]");
    assertThat(eval("lonely", "entity.type()").asString()).isEqualTo("library");
    assertThat(eval("svc", "entity.groups()").toString()).isEqualTo("[\"payments\", \"tier-1\"]");
    assertThat(eval("svc", "hasGroup(\"payments\") AND NOT hasGroup(\"x\")").asBoolean()).isTrue();
    assertThat(eval("svc", "[custom(\"tier\"), custom(\"owner-note\"), custom(\"absent\")]").toString())
        .isEqualTo("[1, \"on call\", null]");
    assertThat(eval("svc", "entity.descriptor().info.`x-cortex-tag`").asString()).isEqualTo("svc");
    assertThat(eval("svc", "jq(entity.descriptor(), \".info.\\\"x-cortex-groups\\\" | length\")").asLong()).isEqualTo(2);
    assertThat(eval("svc", "jq([1, 2, 3], \".[] | select(. > 1)\")").toString()).isEqualTo("[2, 3]");
    assertThat(eval("svc", "jq(entity.descriptor(), \".nope\")").isNull()).isTrue();
    assertThatThrownBy(() -> session.engine().compile("jq(1, \"..[\")")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TYPE));
  }

  @Test
  void warningsForListedSlugsTheOrganizationLacks() {
    var r = session.engine().compile("buildkite.pipelines().length").evaluateDetailed(session.context(session.entity("svc"), NOW));
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w.message()).contains("missing-one"));
  }

  @Test
  void noEntitySelectedIsAClearError() {
    assertThatThrownBy(() -> session.engine().compile("buildkite != null").evaluate(session.context(null, NOW)))
        .isInstanceOfSatisfying(CqlException.class, e -> {
          assertThat(e.getMessage()).contains("no entity is selected");
          assertThat(e.column()).isEqualTo(1);
        });
  }
}
