package dev.cql.entity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.entity.Entity;
import dev.cql.entity.Linkage;
import dev.cql.entity.PipelineLinker;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoDatasetTest {

  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final DemoDataset DEMO = DemoDataset.generate(NOW);

  @Test
  void deterministic() {
    DemoDataset again = DemoDataset.generate(NOW);
    assertThat(again.pipelines()).isEqualTo(DEMO.pipelines());
    assertThat(again.builds()).isEqualTo(DEMO.builds());
  }

  @Test
  void anotherClockShiftsTheSameHistory() {
    Duration shift = Duration.ofDays(7); // whole weeks keep weekdays and times of day
    DemoDataset later = DemoDataset.generate(NOW.plus(shift));
    assertThat(later.builds()).hasSameSizeAs(DEMO.builds());
    for (int i = 0; i < DEMO.builds().size(); i += 97) {
      assertThat(later.builds().get(i).createdAt()).isEqualTo(DEMO.builds().get(i).createdAt().plus(shift));
      assertThat(later.builds().get(i).commit()).isEqualTo(DEMO.builds().get(i).commit());
    }
  }

  @Test
  void sizes() {
    assertThat(DEMO.pipelines()).hasSize(40);
    assertThat(DEMO.builds()).hasSizeBetween(2000, 6000);
    assertThat(DEMO.entities().size()).isEqualTo(28);
    assertThat(DEMO.entities().problems()).isEmpty();
    assertThat(DEMO.pipelines()).extracting(Pipeline::slug).isSorted().doesNotHaveDuplicates();
    assertThat(DEMO.pipelines()).extracting(Pipeline::provider).contains("github", "gitlab", "bitbucket", "unknown");
    assertThat(DEMO.pipelines()).allSatisfy(p -> assertThat(p.gitRepository()).isNotNull());
  }

  @Test
  void everyStateSourceAndShapeIsPresentWhateverTheTimeOfDay() {
    for (String t : List.of("2026-11-01T12:00:00Z", "2026-11-01T03:17:00Z", "2027-02-14T23:59:59Z")) {
      DemoDataset d = DemoDataset.generate(Instant.parse(t));
      Set<String> states = d.builds().stream().map(Build::state).collect(Collectors.toSet());
      Set<String> sources = d.builds().stream().map(Build::source).collect(Collectors.toSet());
      assertThat(states).as(t).containsExactlyInAnyOrder("passed", "failed", "running", "scheduled", "canceled",
          "canceling", "skipped", "not_run", "failing");
      assertThat(sources).as(t).containsExactlyInAnyOrder("webhook", "ui", "api", "schedule", "trigger_job");
      assertThat(d.builds()).as(t).anyMatch(b -> b.blocked() && b.state().equals("passed"));
      assertThat(d.builds()).as(t).anyMatch(b -> b.pullRequest() != null);
      assertThat(d.builds()).as(t).anyMatch(b -> b.branch().startsWith("release/"));
    }
  }

  @Test
  void buildsAreConsistent() {
    Instant from = NOW.minus(Duration.ofDays(DemoDataset.DAYS));
    Map<String, Long> lastNumber = new LinkedHashMap<>();
    for (int i = 0; i < DEMO.builds().size(); i++) {
      Build b = DEMO.builds().get(i);
      assertThat(b.createdAt()).isBetween(from, NOW);
      assertThat(b.commit()).matches("[0-9a-f]{40}");
      assertThat(b.webUrl()).isEqualTo(b.pipeline().webUrl() + "/builds/" + b.number());
      if (i > 0) {
        assertThat(b.createdAt()).isBeforeOrEqualTo(DEMO.builds().get(i - 1).createdAt()); // newest first
      }
      Long later = lastNumber.put(b.pipeline().slug(), b.number());
      if (later != null) {
        assertThat(b.number()).isLessThan(later);
      }
      switch (b.state()) {
        case "passed", "failed", "canceled" -> {
          assertThat(b.startedAt()).isNotNull();
          assertThat(b.finishedAt()).isAfter(b.startedAt()).isBeforeOrEqualTo(NOW);
        }
        case "running", "failing", "canceling" -> assertThat(b.finishedAt()).isNull();
        case "scheduled" -> assertThat(b.startedAt()).isNull();
        default -> assertThat(b.startedAt()).isNull();
      }
      if (b.source().equals("schedule")) {
        assertThat(b.creator()).isNull();
      }
      if (b.blocked()) {
        assertThat(b.state()).isEqualTo("passed");
      }
    }
  }

  /** The documented linking table: entity, expected linked slugs ("-" for buildkite == null). */
  static final Map<String, String> LINKS = new LinkedHashMap<>();

  static {
    LINKS.put("admin", "admin-console"); // gitlab nested repository only
    LINKS.put("analytics-dashboard", "-"); // no block, nothing links
    LINKS.put("auth-service", "auth-service");
    LINKS.put("billing-v2", ""); // block, nothing matches
    LINKS.put("cart-service", "cart-service"); // slug = entity tag
    LINKS.put("checkout", "cart-service checkout-service"); // listed tag
    LINKS.put("data-warehouse", "warehouse-etl"); // azure
    LINKS.put("design-system", "design-system");
    LINKS.put("erp", "erp-sync"); // azure via ssh url
    LINKS.put("finance-reporting", "invoicing ledger-ci ledger-migrations reporting tax-engine");
    LINKS.put("fraud-detection", "feature-store fraud-detection ml-recommender");
    LINKS.put("hr-portal", "hr-portal"); // azure legacy visualstudio.com url
    LINKS.put("infrastructure", "platform-images terraform-live");
    LINKS.put("inventory", "inventory");
    LINKS.put("invoicing", "invoicing");
    LINKS.put("ledger", "ledger-ci ledger-migrations"); // x-cortex-ci + bitbucket repository
    LINKS.put("legacy-billing", "legacy-billing");
    LINKS.put("marketing-site", "docs-site marketing-site");
    LINKS.put("mobile-app", "mobile-android mobile-ios"); // github repository only
    LINKS.put("notifications", "email-renderer notifications"); // entity tag as Buildkite tag
    LINKS.put("payments-api", "payments-api payments-deploy payments-nightly");
    LINKS.put("recommender", "ml-recommender");
    LINKS.put("search", "search-api search-indexer");
    LINKS.put("security", "auth-deploy auth-service security-scan");
    LINKS.put("shipping", "shipping-rates");
    LINKS.put("status-page", "status-page");
    LINKS.put("user-profile", "user-profile"); // x-cortex-ci
    LINKS.put("web-frontend", "web-e2e web-frontend web-storybook");
  }

  @Test
  void linkingProducesTheDocumentedResults() {
    PipelineLinker linker = new PipelineLinker(DEMO.pipelines());
    assertThat(DEMO.entities().tags()).containsExactlyElementsOf(LINKS.keySet());
    for (Entity e : DEMO.entities().all()) {
      Linkage l = linker.link(e);
      String want = LINKS.get(e.tag());
      assertThat(l.isNull()).as(e.tag()).isEqualTo(want.equals("-"));
      List<String> slugs = want.equals("-") || want.isEmpty() ? List.of() : Arrays.asList(want.split(" "));
      assertThat(l.slugs()).as(e.tag()).isEqualTo(slugs);
    }
    assertThat(linker.link(DEMO.entities().get("payments-api").orElseThrow()).warnings())
        .containsExactly("entity payments-api lists pipeline slug 'payments-canary', which the organization does not have");
    assertThat(linker.link(DEMO.entities().get("billing-v2").orElseThrow()).warnings()).hasSize(2);
  }

  @Test
  void everyEntityExercisesGroupsOrMetadataAndEveryProviderIsUsed() {
    Set<String> providers = new HashSet<>();
    for (Entity e : DEMO.entities().all()) {
      if (e.git() != null) {
        providers.add(e.git().provider());
      }
    }
    assertThat(providers).containsExactlyInAnyOrder("github", "gitlab", "bitbucket", "azure");
    Entity p = DEMO.entities().get("payments-api").orElseThrow();
    assertThat(p.groups()).contains("payments");
    assertThat(p.custom("owner-note")).isEqualTo("on call: #payments-oncall");
    assertThat(p.custom("tier")).isEqualTo(1L);
    assertThat(DEMO.entities().get("ledger").orElseThrow().buildkite().blockName()).isEqualTo("x-cortex-ci");
  }

  @Test
  void sourceFiltersBySlugAndWindow() throws BuildkiteException {
    BuildkiteSource s = DEMO.source();
    assertThat(s.pipelines()).isEqualTo(DEMO.pipelines());
    Instant from = NOW.minus(Duration.ofDays(30));
    List<Build> got = s.builds(List.of("payments-api", "web-frontend"), from, null);
    List<Build> want = DEMO.builds().stream()
        .filter(b -> Set.of("payments-api", "web-frontend").contains(b.pipeline().slug()) && !b.createdAt().isBefore(from))
        .toList();
    assertThat(got).isEqualTo(want).isNotEmpty();
    assertThat(s.builds(List.of("nope"), from, NOW)).isEmpty();
    assertThat(s.describe()).contains("demo");
  }
}
