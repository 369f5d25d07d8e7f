package dev.cql.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RepositoryKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineLinkerTest {

  static Pipeline pipeline(String slug, String repository, String... tags) {
    return new Pipeline("id-" + slug, "gid-" + slug, slug, slug, null, repository, RepositoryKey.fromUrl(repository),
        List.of(tags), "main", "https://buildkite.com/acme-inc/" + slug,
        "https://api.buildkite.com/v2/organizations/acme-inc/pipelines/" + slug, Instant.EPOCH, "github");
  }

  static final List<Pipeline> ORG = List.of(
      pipeline("payments-api", "git@github.com:acme/payments-api.git"),
      pipeline("payments-deploy", "git@github.com:acme/payments-infra.git", "payments", "deploy"),
      pipeline("payments-nightly", "https://github.com/Acme/Payments-API.git", "nightly"),
      pipeline("web-frontend", "git@gitlab.com:acme/frontend/web.git", "frontend"),
      pipeline("web-e2e", "https://gitlab.com/acme/frontend/web-e2e.git", "frontend", "web-frontend"),
      pipeline("ledger", "git@bitbucket.org:acme/ledger.git"),
      pipeline("legacy-tool", "https://dev.azure.com/acme/Platform/_git/legacy-tool"),
      pipeline("docs", null, "docs"));

  static Entity entity(String yaml) {
    DescriptorParser.Result r = DescriptorParser.parse("t.yaml", yaml);
    assertThat(r.hasErrors()).as(r.problems().toString()).isFalse();
    return r.entity();
  }

  final PipelineLinker linker = new PipelineLinker(ORG);

  @Test
  void rule1ListedSlugs() {
    Linkage l = linker.link(entity("""
        info: {title: P, x-cortex-tag: payments, x-cortex-ci-cd: {buildkite: {pipelines: [{slug: ledger}, {slug: payments-api}]}}}
        """));
    assertThat(l.slugs()).containsExactly("ledger", "payments-api");
    assertThat(l.reasons("ledger")).containsExactly(LinkReason.LISTED_SLUG);
    assertThat(l.warnings()).isEmpty();
    assertThat(l.isNull()).isFalse();
  }

  @Test
  void rule1ListedTags() {
    Linkage l = linker.link(entity("""
        info: {title: W, x-cortex-tag: web, x-cortex-ci-cd: {buildkite: {tags: [{tag: frontend}, {tag: docs}]}}}
        """));
    assertThat(l.slugs()).containsExactly("docs", "web-e2e", "web-frontend");
    assertThat(l.reasons("web-e2e")).containsExactly(LinkReason.LISTED_TAG);
  }

  @Test
  void rule1TurnsTheEntityTagDefaultOff() {
    // payments-api would link by slug under rule 2, but the block lists something else
    Linkage l = linker.link(entity("""
        info: {title: P, x-cortex-tag: payments-api, x-cortex-ci-cd: {buildkite: {pipelines: [{slug: ledger}]}}}
        """));
    assertThat(l.slugs()).containsExactly("ledger");
  }

  @Test
  void rule1ViaXCortexCi() {
    Linkage l = linker.link(entity("""
        info: {title: L, x-cortex-tag: l, x-cortex-ci: {buildkite: {pipelines: [{slug: legacy-tool}]}}}
        """));
    assertThat(l.slugs()).containsExactly("legacy-tool");
  }

  @Test
  void listedSlugTheOrgLacksIsAWarning() {
    Linkage l = linker.link(entity("""
        info: {title: P, x-cortex-tag: payments-api, x-cortex-ci-cd: {buildkite: {pipelines: [{slug: payments-deploy}, {slug: payments-canary}], tags: [{tag: nope}]}}}
        """));
    assertThat(l.slugs()).containsExactly("payments-deploy");
    assertThat(l.warnings()).containsExactly(
        "entity payments-api lists pipeline slug 'payments-canary', which the organization does not have",
        "entity payments-api lists Buildkite tag 'nope', which no pipeline carries");
  }

  @Test
  void blockWithNothingMatchingIsEmptyButNotNull() {
    Linkage l = linker.link(entity("""
        info: {title: G, x-cortex-tag: ghost, x-cortex-ci-cd: {buildkite: {pipelines: [{slug: ghost-ci}]}}}
        """));
    assertThat(l.pipelines()).isEmpty();
    assertThat(l.isNull()).isFalse();
    assertThat(l.warnings()).hasSize(1);
  }

  @Test
  void rule2SlugEqualsEntityTag() {
    Linkage l = linker.link(entity("info: {title: L, x-cortex-tag: ledger}"));
    assertThat(l.slugs()).containsExactly("ledger");
    assertThat(l.reasons("ledger")).containsExactly(LinkReason.ENTITY_TAG_SLUG);
  }

  @Test
  void rule2EntityTagAsBuildkiteTag() {
    Linkage l = linker.link(entity("info: {title: W, x-cortex-tag: web-frontend}"));
    assertThat(l.slugs()).containsExactly("web-e2e", "web-frontend");
    assertThat(l.reasons("web-frontend")).containsExactly(LinkReason.ENTITY_TAG_SLUG);
    assertThat(l.reasons("web-e2e")).containsExactly(LinkReason.ENTITY_TAG_TAG);
  }

  @Test
  void rule3GithubRepositoryMatchIsCaseInsensitiveAndAddsToRule2() {
    Linkage l = linker.link(entity("""
        info: {title: P, x-cortex-tag: payments-api, x-cortex-git: {github: {repository: acme/payments-api}}}
        """));
    assertThat(l.slugs()).containsExactly("payments-api", "payments-nightly");
    assertThat(l.reasons("payments-api")).containsExactlyInAnyOrder(LinkReason.ENTITY_TAG_SLUG, LinkReason.REPOSITORY);
    assertThat(l.reasons("payments-nightly")).containsExactly(LinkReason.REPOSITORY);
  }

  @Test
  void rule3AddsToRule1() {
    Linkage l = linker.link(entity("""
        info: {title: P, x-cortex-tag: p, x-cortex-git: {github: {repository: acme/payments-api}},
               x-cortex-ci-cd: {buildkite: {tags: [{tag: deploy}]}}}
        """));
    assertThat(l.slugs()).containsExactly("payments-api", "payments-deploy", "payments-nightly");
  }

  @Test
  void rule3GitlabNestedGroup() {
    Linkage l = linker.link(entity("info: {title: W, x-cortex-tag: w, x-cortex-git: {gitlab: {repository: acme/frontend/web}}}"));
    assertThat(l.slugs()).containsExactly("web-frontend");
  }

  @Test
  void rule3Bitbucket() {
    Linkage l = linker.link(entity("info: {title: B, x-cortex-tag: b, x-cortex-git: {bitbucket: {repository: acme/ledger}}}"));
    assertThat(l.slugs()).containsExactly("ledger");
    assertThat(l.reasons("ledger")).containsExactly(LinkReason.REPOSITORY);
  }

  @Test
  void rule3AzureProjectAndRepository() {
    Linkage l = linker.link(entity("""
        info: {title: A, x-cortex-tag: a, x-cortex-git: {azure: {project: platform, repository: Legacy-Tool}}}
        """));
    assertThat(l.slugs()).containsExactly("legacy-tool");
    Linkage other = linker.link(entity("info: {title: A, x-cortex-tag: a, x-cortex-git: {azure: {project: other, repository: legacy-tool}}}"));
    assertThat(other.isNull()).isTrue();
  }

  @Test
  void nothingLinksAndNoBlockIsNull() {
    Linkage l = linker.link(entity("info: {title: N, x-cortex-tag: nobody, x-cortex-git: {github: {repository: acme/nobody}}}"));
    assertThat(l.pipelines()).isEmpty();
    assertThat(l.isNull()).isTrue();
    assertThat(l.warnings()).isEmpty();
  }

  @Test
  void indexAgreesWithABruteForceScan() {
    List<Pipeline> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(pipeline("p" + i, "git@github.com:acme/r" + (i % 37) + ".git", "t" + (i % 11)));
    }
    PipelineLinker big = new PipelineLinker(many);
    for (int r = 0; r < 37; r++) {
      Entity e = entity("info: {title: E, x-cortex-tag: t" + (r % 11) + ", x-cortex-git: {github: {repository: acme/r" + r + "}}}");
      List<String> expected = new ArrayList<>();
      for (Pipeline p : many) {
        if (p.tags().contains(e.tag()) || p.slug().equals(e.tag())
            || RepositoryKey.sameRepository(e.repositoryKey(), RepositoryKey.fromUrl(p.repository()))) {
          expected.add(p.slug());
        }
      }
      expected.sort(null);
      assertThat(big.link(e).slugs()).isEqualTo(expected);
    }
  }
}
