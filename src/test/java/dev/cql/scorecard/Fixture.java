package dev.cql.scorecard;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RepositoryKey;
import dev.cql.entity.EntityCatalog;
import dev.cql.session.DataSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory organization for the scorecard tests.
 *
 * <pre>
 * entity  type     groups        pipeline  builds (last 30 days)
 * alpha   service  core, tier-1  alpha     3 passed, 1 failed
 * beta    service  edge          beta      2 failed
 * gamma   library  core          (none: buildkite is null)
 * delta   service  edge, tier-1  delta     5 passed
 * </pre>
 */
final class Fixture {

  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  private Fixture() {}

  static Pipeline pipeline(String slug) {
    String repo = "git@github.com:acme/" + slug + ".git";
    return new Pipeline("id-" + slug, "gid-" + slug, slug, slug, null, repo, RepositoryKey.fromUrl(repo), List.of(), "main",
        "https://buildkite.com/acme/" + slug, "https://api.buildkite.com/v2/organizations/acme/pipelines/" + slug,
        Instant.EPOCH, "github");
  }

  static Build build(Pipeline p, long number, String state, int daysAgo) {
    Instant at = NOW.minus(Duration.ofDays(daysAgo));
    return new Build("b-" + p.slug() + "-" + number, "g", number, state, false, "main", "0123456789abcdef0123456789abcdef01234567",
        "msg", "webhook", at, at, at, at.plusSeconds(60), p.webUrl() + "/builds/" + number, null, null, null, p);
  }

  /** An in-memory source; counts the calls so that tests can tell whether data was fetched. */
  static final class MemorySource implements BuildkiteSource {
    final List<Pipeline> pipelines;
    final List<Build> builds;
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean broken;

    MemorySource(List<Pipeline> pipelines, List<Build> builds) {
      this.pipelines = pipelines;
      this.builds = builds;
    }

    @Override
    public List<Pipeline> pipelines() throws BuildkiteException {
      calls.incrementAndGet();
      return pipelines;
    }

    @Override
    public List<Build> builds(Collection<String> slugs, Instant from, Instant to) throws BuildkiteException {
      calls.incrementAndGet();
      if (broken) {
        throw new BuildkiteException(BuildkiteException.Reason.SERVER, "HTTP 502 from the Buildkite API");
      }
      List<Build> out = new ArrayList<>();
      for (Build b : builds) {
        if (slugs.contains(b.pipeline().slug()) && !b.createdAt().isBefore(from) && (to == null || b.createdAt().isBefore(to))) {
          out.add(b);
        }
      }
      out.sort(Comparator.comparing(Build::createdAt).thenComparingLong(Build::number).reversed());
      return out;
    }

    @Override
    public String describe() {
      return "memory";
    }
  }

  static MemorySource source() {
    Pipeline alpha = pipeline("alpha");
    Pipeline beta = pipeline("beta");
    Pipeline delta = pipeline("delta");
    List<Build> builds = new ArrayList<>();
    builds.add(build(alpha, 1, "passed", 1));
    builds.add(build(alpha, 2, "passed", 2));
    builds.add(build(alpha, 3, "passed", 3));
    builds.add(build(alpha, 4, "failed", 4));
    builds.add(build(beta, 1, "failed", 1));
    builds.add(build(beta, 2, "failed", 2));
    for (int i = 1; i <= 5; i++) {
      builds.add(build(delta, i, "passed", i));
    }
    return new MemorySource(List.of(alpha, beta, delta), builds);
  }

  static EntityCatalog catalog() {
    Map<String, String> yaml = new LinkedHashMap<>();
    yaml.put("alpha.yaml", entity("alpha", "service", "[core, tier-1]", "acme/alpha"));
    yaml.put("beta.yaml", entity("beta", "service", "[edge]", "acme/beta"));
    yaml.put("gamma.yaml", entity("gamma", "library", "[core]", null));
    yaml.put("delta.yaml", entity("delta", "service", "[edge, tier-1]", "acme/delta"));
    return EntityCatalog.fromSources(yaml);
  }

  static String entity(String tag, String type, String groups, String repo) {
    return "openapi: 3.0.1\ninfo:\n  title: " + tag.toUpperCase() + "\n  description: The " + tag + " entity\n"
        + "  x-cortex-tag: " + tag + "\n  x-cortex-type: " + type + "\n  x-cortex-groups: " + groups + "\n"
        + (repo == null ? "" : "  x-cortex-git:\n    github:\n      repository: " + repo + "\n");
  }

  static DataSession session(MemorySource source) {
    EntityCatalog catalog = catalog();
    return new DataSession(() -> source, () -> catalog, DataSession.DEFAULT_WINDOW, "test");
  }

  static DataSession session() {
    return session(source());
  }

  static Scorecard scorecard(DataSession session, String yaml) {
    try {
      return Scorecard.parse(yaml, "card.yaml", session.engine());
    } catch (ScorecardException e) {
      throw new AssertionError(e.render(), e);
    }
  }
}
