package dev.cql.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptorParserTest {

  static DescriptorParser.Result parse(String yaml) {
    return DescriptorParser.parse("e.yaml", yaml);
  }

  static Entity ok(String yaml) {
    DescriptorParser.Result r = parse(yaml);
    assertThat(r.problems()).filteredOn(CatalogProblem::isError).isEmpty();
    assertThat(r.entity()).isNotNull();
    return r.entity();
  }

  static CatalogProblem onlyError(String yaml) {
    DescriptorParser.Result r = parse(yaml);
    assertThat(r.entity()).isNull();
    List<CatalogProblem> errors = r.problems().stream().filter(CatalogProblem::isError).toList();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void readsTheFullDescriptor() {
    Entity e = ok("""
        openapi: 3.0.1
        info:
          title: Payments API
          description: Takes the money
          x-cortex-tag: payments-api
          x-cortex-type: service
          x-cortex-groups: [payments, tier-1]
          x-cortex-git:
            github: {repository: Acme/Payments}
          x-cortex-ci-cd:
            buildkite:
              pipelines: [{slug: payments-deploy}, {slug: payments-ci}]
              tags: [{tag: payments}]
          x-cortex-custom-metadata:
            tier: 1
            ratio: 0.95
            launched: 2024-03-01
            owner-note: {value: "on call", description: "who to page"}
        """);
    assertThat(e.tag()).isEqualTo("payments-api");
    assertThat(e.name()).isEqualTo("Payments API");
    assertThat(e.type()).isEqualTo("service");
    assertThat(e.description()).isEqualTo("Takes the money");
    assertThat(e.groups()).containsExactly("payments", "tier-1");
    assertThat(e.hasGroup("payments")).isTrue();
    assertThat(e.git()).isEqualTo(new Entity.Git("github", "Acme/Payments", null, "acme/payments"));
    assertThat(e.buildkite().pipelineSlugs()).containsExactly("payments-deploy", "payments-ci");
    assertThat(e.buildkite().tags()).containsExactly("payments");
    assertThat(e.buildkite().blockName()).isEqualTo("x-cortex-ci-cd");
    assertThat(e.custom("tier")).isEqualTo(1L);
    assertThat(e.custom("ratio")).isEqualTo(new BigDecimal("0.95"));
    assertThat(e.custom("launched")).isEqualTo("2024-03-01");
    assertThat(e.custom("owner-note")).isEqualTo("on call");
    assertThat(e.custom("absent")).isNull();
    assertThat(e.customMetadata().get("owner-note")).isEqualTo(Map.of("value", "on call", "description", "who to page"));
    assertThat(e.descriptor().get("openapi")).isEqualTo("3.0.1");
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) e.descriptor().get("info");
    assertThat(info.keySet()).startsWith("title", "description", "x-cortex-tag");
    assertThat(e.source()).isEqualTo("e.yaml");
  }

  @Test
  void descriptorTreeIsPlainAndImmutable() {
    Entity e = ok("""
        info:
          x-cortex-tag: a
          title: A
          big: 123456789012345678901234567890
          flag: true
          nothing: null
          list: [1, "two", 3.5]
        """);
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) e.descriptor().get("info");
    assertThat(info.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(info.get("flag")).isEqualTo(Boolean.TRUE);
    assertThat(info).containsEntry("nothing", null);
    assertThat(info.get("list")).isEqualTo(List.of(1L, "two", new BigDecimal("3.5")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> info.put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void customValueFormNeedsOnlyValueAndDescription() {
    Entity e = ok("""
        info:
          x-cortex-tag: a
          title: A
          x-cortex-custom-metadata:
            plain: {value: 1, other: 2}
            detailed: {value: [a, b]}
        """);
    assertThat(e.custom("plain")).isEqualTo(Map.of("value", 1L, "other", 2L));
    assertThat(e.custom("detailed")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void defaultsWhenOptionalPartsAreAbsent() {
    DescriptorParser.Result r = parse("info:\n  x-cortex-tag: bare\n");
    Entity e = r.entity();
    assertThat(e.name()).isEqualTo("bare");
    assertThat(e.type()).isEqualTo("service");
    assertThat(e.description()).isNull();
    assertThat(e.groups()).isEmpty();
    assertThat(e.git()).isNull();
    assertThat(e.buildkite()).isNull();
    assertThat(e.customMetadata()).isEmpty();
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.isError()).isFalse();
      assertThat(p.message()).contains("title");
    });
  }

  @Test
  void xCortexCiIsAnAliasOfCiCd() {
    Entity e = ok("""
        info:
          title: Old
          x-cortex-tag: old
          x-cortex-ci:
            buildkite:
              pipelines:
                - slug: old-ci
              tags:
                - tag: legacy
        """);
    assertThat(e.buildkite().pipelineSlugs()).containsExactly("old-ci");
    assertThat(e.buildkite().tags()).containsExactly("legacy");
    assertThat(e.buildkite().blockName()).isEqualTo("x-cortex-ci");
  }

  @Test
  void bothCiBlocksAreMerged() {
    Entity e = ok("""
        info:
          title: Both
          x-cortex-tag: both
          x-cortex-ci-cd: {buildkite: {pipelines: [{slug: a}, {slug: b}]}}
          x-cortex-ci: {buildkite: {pipelines: [{slug: b}, {slug: c}]}}
        """);
    assertThat(e.buildkite().pipelineSlugs()).containsExactly("a", "b", "c");
    assertThat(e.buildkite().blockName()).isEqualTo("x-cortex-ci-cd");
  }

  @Test
  void emptyBuildkiteBlockIsStillABlock() {
    Entity e = ok("""
        info:
          title: E
          x-cortex-tag: e
          x-cortex-ci-cd:
            buildkite:
        """);
    assertThat(e.hasBuildkiteBlock()).isTrue();
    assertThat(e.buildkite().pipelineSlugs()).isEmpty();
    Entity other = ok("info: {title: O, x-cortex-tag: o, x-cortex-ci-cd: {github-actions: {}}}");
    assertThat(other.hasBuildkiteBlock()).isFalse();
  }

  @Test
  void azureProjectAndRepository() {
    Entity e = ok("""
        info:
          title: Legacy
          x-cortex-tag: legacy-tool
          x-cortex-git:
            azure:
              project: Platform
              repository: legacy-tool
        """);
    assertThat(e.git()).isEqualTo(new Entity.Git("azure", "legacy-tool", "Platform", "platform/legacy-tool"));
  }

  @Test
  void gitlabNestedGroupsAndBitbucket() {
    assertThat(ok("info: {title: A, x-cortex-tag: a, x-cortex-git: {gitlab: {repository: acme/backend/api}}}").repositoryKey())
        .isEqualTo("acme/backend/api");
    assertThat(ok("info: {title: A, x-cortex-tag: a, x-cortex-git: {bitbucket: {repository: acme/pay.git}}}").repositoryKey())
        .isEqualTo("acme/pay");
  }

  @Test
  void moreThanOneRepositoryWarnsAndKeepsTheFirst() {
    DescriptorParser.Result r = parse("""
        info:
          title: A
          x-cortex-tag: a
          x-cortex-git:
            gitlab: {repository: g/r}
            github: {repository: h/r}
            svn: {repository: x}
        """);
    assertThat(r.entity().git().provider()).isEqualTo("gitlab");
    assertThat(r.problems()).extracting(CatalogProblem::severity).containsOnly(CatalogProblem.Severity.WARNING);
    assertThat(r.problems()).hasSize(2);
    assertThat(r.problems().get(0).line()).isEqualTo(6);
    assertThat(r.problems().get(1).message()).contains("svn");
    assertThat(r.problems().get(1).line()).isEqualTo(7);
  }

  @Test
  void yamlSyntaxErrorHasLineAndColumn() {
    CatalogProblem p = onlyError("""
        info:
          title: Broken
          x-cortex-tag: [unclosed
        other: 1
        """);
    assertThat(p.message()).startsWith("YAML syntax error");
    assertThat(p.file()).isEqualTo("e.yaml");
    assertThat(p.line()).isGreaterThanOrEqualTo(3);
    assertThat(p.column()).isGreaterThan(0);
    assertThat(p.toString()).startsWith("e.yaml:" + p.line() + ":" + p.column() + ": error: YAML syntax error");
  }

  @Test
  void badIndentationIsASyntaxError() {
    CatalogProblem p = onlyError("info:\n  title: A\n   x-cortex-tag: b\n");
    assertThat(p.line()).isEqualTo(3);
  }

  @Test
  void missingInfo() {
    CatalogProblem p = onlyError("openapi: 3.0.1\nx-cortex-tag: a\n");
    assertThat(p.message()).contains("missing `info`");
    assertThat(p.line()).isEqualTo(1);
  }

  @Test
  void missingTagPointsAtInfo() {
    CatalogProblem p = onlyError("openapi: 3.0.1\ninfo:\n  title: No tag\n");
    assertThat(p.message()).contains("x-cortex-tag");
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.column()).isEqualTo(3);
  }

  @Test
  void emptyTag() {
    CatalogProblem p = onlyError("info:\n  title: T\n  x-cortex-tag:\n");
    assertThat(p.message()).contains("empty");
    assertThat(p.line()).isEqualTo(3);
  }

  @Test
  void notAMapping() {
    assertThat(onlyError("- a\n- b\n").message()).contains("must be a mapping");
    assertThat(onlyError("").message()).contains("empty descriptor");
    assertThat(onlyError("info: [a]\n").message()).contains("`info` must be a mapping");
  }

  @Test
  void wrongShapesAreErrorsAtTheNode() {
    CatalogProblem p = onlyError("""
        info:
          title: T
          x-cortex-tag: t
          x-cortex-ci-cd:
            buildkite:
              pipelines:
                - slug: ok
                - payments-deploy
        """);
    assertThat(p.message()).contains("{slug: ...}");
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.column()).isEqualTo(11);

    CatalogProblem groups = onlyError("info:\n  title: T\n  x-cortex-tag: t\n  x-cortex-groups: payments\n");
    assertThat(groups.message()).contains("must be a list");
    assertThat(groups.line()).isEqualTo(4);
    assertThat(groups.column()).isEqualTo(20);

    assertThat(onlyError("info: {title: T, x-cortex-tag: t, x-cortex-git: {github: {}}}").message()).contains("repository");
    assertThat(onlyError("info: {title: T, x-cortex-tag: t, x-cortex-git: {azure: {repository: r}}}").message()).contains("project");
    assertThat(onlyError("info: {title: T, x-cortex-tag: [a], x-cortex-type: service}").message())
        .contains("`x-cortex-tag` must be a single value");
    assertThat(onlyError("info: {title: T, x-cortex-tag: t, x-cortex-custom-metadata: [a]}").message())
        .contains("must be a mapping");
    assertThat(onlyError("info: {title: T, x-cortex-tag: t, x-cortex-ci-cd: {buildkite: {tags: tagged}}}").message())
        .contains("`tags` must be a list");
  }

  @Test
  void duplicateKeyIsAnError() {
    CatalogProblem p = onlyError("info:\n  title: T\n  x-cortex-tag: t\n  title: U\n");
    assertThat(p.message()).contains("duplicate key `title`");
    assertThat(p.line()).isEqualTo(4);
  }

  @Test
  void secondDocumentIsAnError() {
    CatalogProblem p = onlyError("info: {title: T, x-cortex-tag: t}\n---\ninfo: {title: U, x-cortex-tag: u}\n");
    assertThat(p.message()).contains("more than one YAML document");
  }

  @Test
  void emptyValuesAreNullButQuotedEmptyStringsStay() {
    Entity e = ok("info:\n  title: T\n  x-cortex-tag: t\n  description: ''\n  x-cortex-custom-metadata:\n    a:\n");
    assertThat(e.description()).isEmpty();
    assertThat(e.customMetadata()).containsEntry("a", null);
  }

  @Test
  void aliasesAreRejected() {
    CatalogProblem p = onlyError("info:\n  title: T\n  x-cortex-tag: t\n  a: &x 1\n  b: *x\n");
    assertThat(p.message()).contains("aliases");
    assertThat(p.line()).isEqualTo(5);
  }
}
