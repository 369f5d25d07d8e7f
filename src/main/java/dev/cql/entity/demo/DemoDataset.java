package dev.cql.entity.demo;

import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildIndex;
import dev.cql.buildkite.BuildkiteSource;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RepositoryKey;
import dev.cql.entity.EntityCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The bundled demo organization ({@value #ORGANIZATION}): 40 pipelines on GitHub, GitLab (nested groups), Bitbucket
 * and Azure DevOps repositories, a few thousand builds over the {@value #DAYS} days before a given clock, and 28
 * entity descriptors (class path resources listed in {@value #ENTITY_INDEX}).
 *
 * <p>Deterministic: the same {@code now} always gives the same pipelines and builds (fixed seed); another
 * {@code now} gives the same history shifted in time. Builds of the last half hour are still in flight (running,
 * scheduled, failing, canceling), older ones are finished. Every state and source occurs; nightly pipelines have
 * scheduled builds; webhook builds of feature branches carry pull requests; deploy pipelines have blocked builds
 * (state passed, blocked true).
 *
 * <p>Linking, by rule (see DemoDatasetTest for the full table): listed slugs (payments-api, shipping,
 * marketing-site, fraud-detection; user-profile and ledger through {@code x-cortex-ci}); listed Buildkite tags
 * (checkout, infrastructure, marketing-site, fraud-detection, finance-reporting, security); entity tag as slug
 * (cart-service, status-page, inventory, ...); entity tag as Buildkite tag (notifications, web-frontend);
 * repository on GitHub (search, mobile-app), GitLab nested groups (admin, recommender, web-frontend), Bitbucket
 * (ledger, invoicing) and Azure (legacy-billing, erp, data-warehouse, hr-portal); a listed slug the organization
 * lacks (payments-api, billing-v2); a block that links nothing (billing-v2); no linkage at all
 * (analytics-dashboard: {@code buildkite == null}).
 */
public final class DemoDataset {

  public static final String ORGANIZATION = "acme-inc";
  public static final String ENTITY_INDEX = "demo/entities/index.txt";
  public static final int DAYS = 60;
  static final long SEED = 0xC0FFEE_2026L;

  /** Pipeline definitions: slug, repository URL, Buildkite tags, builds per weekday, flags. */
  private record Def(String slug, String name, String description, String repository, List<String> tags,
      double perDay, String flags) {
    boolean has(String flag) {
      return flags.contains(flag);
    }
  }

  // flags: n = nightly schedule, d = deploy (triggered, blocked), s = skips queued builds, f = flaky
  private static final List<Def> DEFS = List.of(
      def("payments-api", "Payments REST API", "git@github.com:acme-inc/payments-api.git", "payments backend", 5, "f"),
      def("payments-deploy", "Deploys payments to production", "git@github.com:acme-inc/payments-infra.git", "payments deploy", 1.5, "d"),
      def("payments-nightly", "Nightly reconciliation tests", "https://github.com/Acme-Inc/Payments-API.git", "nightly", 0, "n"),
      def("checkout-service", "Checkout flow", "git@github.com:acme-inc/checkout.git", "checkout backend", 4, "s"),
      def("cart-service", "Shopping cart", "git@github.com:acme-inc/cart.git", "checkout", 2, ""),
      def("auth-service", "Login and tokens", "git@github.com:acme-inc/auth.git", "security backend", 3, ""),
      def("auth-deploy", "Deploys auth", "git@github.com:acme-inc/auth-infra.git", "security deploy", 0.8, "d"),
      def("user-profile", "Profile API", "https://github.com/acme-inc/user-profile.git", "backend", 2, ""),
      def("notifications", "Notification fan-out", "git@github.com:acme-inc/notifications.git", "messaging", 1.5, ""),
      def("email-renderer", "E-mail templates", "git@github.com:acme-inc/email-renderer.git", "messaging notifications", 1, ""),
      def("search-api", "Search API", "git@github.com:acme-inc/search.git", "search", 3, "f"),
      def("search-indexer", "Nightly search index rebuild", "git@github.com:acme-inc/search.git", "search nightly", 0, "n"),
      def("inventory", "Stock levels", "git@github.com:acme-inc/inventory.git", "", 2, ""),
      def("shipping-rates", "Carrier rates", "git@github.com:acme-inc/shipping.git", "logistics", 1, "f"),
      def("terraform-live", "Terraform apply", "git@github.com:acme-inc/terraform-live.git", "infra deploy", 1.5, "d"),
      def("status-page", "Public status page", "git@github.com:acme-inc/status-page.git", "", 0.4, ""),
      def("web-frontend", "Customer-facing web app", "git@gitlab.com:acme-inc/frontend/web-frontend.git", "frontend :react:", 6, "s"),
      def("web-e2e", "Browser tests of the web app", "https://gitlab.com/acme-inc/qa/web-e2e.git", "web-frontend e2e", 2, "f"),
      def("web-storybook", "Component previews", "https://gitlab.com/acme-inc/frontend/web-frontend.git", "frontend", 1, ""),
      def("design-system", "Shared UI components", "git@gitlab.com:acme-inc/frontend/design-system.git", "frontend", 1.5, ""),
      def("admin-console", "Back-office console", "git@gitlab.com:acme-inc/frontend/internal/admin-console.git", "frontend internal", 1, ""),
      def("marketing-site", "acme.example", "https://gitlab.com/acme-inc/marketing/site.git", "marketing", 1, ""),
      def("docs-site", "Documentation", "git@gitlab.com:acme-inc/docs/docs-site.git", "docs", 1.2, ""),
      def("ml-recommender", "Recommendation model", "git@gitlab.com:acme-inc/data/ml/recommender.git", "data ml", 1, "f"),
      def("feature-store", "Feature store", "git@gitlab.com:acme-inc/data/ml/feature-store.git", "data ml", 0.7, ""),
      def("ledger-ci", "Ledger CI", "git@bitbucket.org:acme-inc/ledger.git", "finance", 2, ""),
      def("ledger-migrations", "Ledger migrations", "ssh://git@bitbucket.org/acme-inc/ledger.git", "finance db", 0.5, "d"),
      def("invoicing", "Invoices", "https://bitbucket.org/acme-inc/invoicing.git", "finance", 1.5, ""),
      def("fraud-detection", "Fraud scoring", "git@bitbucket.org:acme-inc/fraud-detection.git", "payments ml", 1.5, "f"),
      def("reporting", "Finance reports", "git@bitbucket.org:acme-inc/reporting.git", "finance nightly", 0, "n"),
      def("tax-engine", "Tax calculation", "git@bitbucket.org:acme-inc/tax-engine.git", "finance", 0.8, ""),
      def("legacy-billing", "Old billing exporter", "https://dev.azure.com/acme-inc/Platform/_git/legacy-billing", "legacy", 0.3, ""),
      def("erp-sync", "ERP sync", "git@ssh.dev.azure.com:v3/acme-inc/Platform/erp-sync", "legacy nightly", 0, "n"),
      def("warehouse-etl", "Warehouse loads", "https://dev.azure.com/acme-inc/Data/_git/warehouse-etl", "data nightly", 0.5, "n"),
      def("hr-portal", "HR tools", "https://acme-inc.visualstudio.com/Internal/_git/hr-portal", "internal", 0.5, ""),
      def("mobile-ios", "iOS app", "git@github.com:acme-inc/mobile.git", "mobile", 2, "f"),
      def("mobile-android", "Android app", "git@github.com:acme-inc/mobile.git", "mobile", 2, ""),
      def("platform-images", "Base machine images", "git@github.com:acme-inc/platform-images.git", "infra", 0.3, "n"),
      def("security-scan", "Dependency and secret scanning", "git@github.com:acme-inc/security-scan.git", "security nightly", 0, "n"),
      def("load-tests", "Weekly load tests", "git@github.com:acme-inc/load-tests.git", "performance", 0, "n"));

  private static Def def(String slug, String description, String repo, String tags, double perDay, String flags) {
    StringBuilder name = new StringBuilder();
    for (String w : slug.split("-")) {
      name.append(name.length() == 0 ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return new Def(slug, name.toString().replace("Api", "API").replace("Etl", "ETL").replace("Hr ", "HR ")
        .replace("Ml ", "ML ").replace("Ios", "iOS").replace("Erp", "ERP"), description, repo,
        tags.isBlank() ? List.of() : List.of(tags.split(" ")), perDay, flags);
  }

  private static final String[][] USERS = {
      {"Alice Example", "alice"}, {"Bob Example", "bob"}, {"Carol Example", "carol"}, {"Dan Example", "dan"},
      {"Erin Example", "erin"}, {"Frank Example", "frank"}, {"Grace Example", "grace"}, {"Heidi Example", "heidi"},
      {"Ivan Example", "ivan"}, {"Judy Example", "judy"}, {"Mallory Example", "mallory"}, {"Niaj Example", "niaj"}};

  private static final String[] MESSAGES = {
      "Fix flaky test", "Bump dependencies", "Add retry to HTTP client", "Refactor config loading", "Update README",
      "Tune connection pool", "Add metrics endpoint", "Handle empty input", "Speed up CI cache",
      "Merge pull request", "Rename settings", "Improve error messages", "Upgrade to Java 21", "Add feature flag",
      "Remove dead code", "Fix timezone bug", "Add integration tests", "Log request ids", "Pin base image",
      "Paginate results"};

  private static final String[] FEATURES = {
      "feature/login-form", "feature/x", "feature/dark-mode", "feature/retry-budget", "fix/null-cart",
      "feature/new-checkout", "chore/deps", "feature/search-facets"};

  private final Instant now;
  private final List<Pipeline> pipelines;
  private final List<Build> builds;
  private final EntityCatalog entities;

  private DemoDataset(Instant now, List<Pipeline> pipelines, List<Build> builds, EntityCatalog entities) {
    this.now = now;
    this.pipelines = pipelines;
    this.builds = builds;
    this.entities = entities;
  }

  /** The demo organization as it stands at {@code now} (truncated to milliseconds). */
  public static DemoDataset generate(Instant now) {
    Instant clock = now.truncatedTo(ChronoUnit.MILLIS);
    Map<String, Pipeline> bySlug = new LinkedHashMap<>();
    for (int i = 0; i < DEFS.size(); i++) {
      bySlug.put(DEFS.get(i).slug(), pipeline(DEFS.get(i), clock.minus(Duration.ofDays(420 + 17L * i))));
    }
    List<Build> builds = new ArrayList<>();
    Random rng = new Random(SEED);
    for (Def d : DEFS) {
      builds.addAll(new Gen(d, bySlug.get(d.slug()), clock, new Random(rng.nextLong())).run());
    }
    builds.sort(BuildIndex.NEWEST_FIRST);
    List<Pipeline> pipelines = new ArrayList<>(bySlug.values());
    pipelines.sort(Comparator.comparing(Pipeline::slug));
    return new DemoDataset(clock, List.copyOf(pipelines), List.copyOf(builds), EntityCatalog.fromResources(ENTITY_INDEX));
  }

  public Instant now() {
    return now;
  }

  public String organization() {
    return ORGANIZATION;
  }

  /** Every pipeline, ordered by slug. */
  public List<Pipeline> pipelines() {
    return pipelines;
  }

  /** Every build, newest first (created_at, then number). */
  public List<Build> builds() {
    return builds;
  }

  /** The demo entities (from the bundled descriptors). */
  public EntityCatalog entities() {
    return entities;
  }

  /** This dataset as a data source (in memory; thread-safe). */
  public BuildkiteSource source() {
    BuildIndex index = BuildIndex.of(builds);
    return new BuildkiteSource() {
      @Override
      public List<Pipeline> pipelines() {
        return pipelines;
      }

      @Override
      public List<Build> builds(Collection<String> pipelineSlugs, Instant from, Instant to) {
        return index.select(pipelineSlugs, from, to);
      }

      @Override
      public String describe() {
        return "demo dataset (" + ORGANIZATION + ", " + pipelines.size() + " pipelines, " + builds.size() + " builds)";
      }
    };
  }

  // ---- generation ------------------------------------------------------------------------------------------

  private static Pipeline pipeline(Def d, Instant created) {
    String id = uuid("pipeline", d.slug());
    String repo = d.repository();
    String provider = repo.contains("github.com") ? "github" : repo.contains("gitlab.com") ? "gitlab"
        : repo.contains("bitbucket.org") ? "bitbucket" : "unknown";
    String api = "https://api.buildkite.com/v2/organizations/" + ORGANIZATION + "/pipelines/" + d.slug();
    String branch = provider.equals("unknown") && d.slug().startsWith("legacy") ? "master" : "main";
    return new Pipeline(id, gid("Pipeline", id), d.slug(), d.name(), d.description(), repo,
        RepositoryKey.fromUrl(repo), d.tags(), branch, "https://buildkite.com/" + ORGANIZATION + "/" + d.slug(), api,
        created, provider);
  }

  /** Generates one pipeline's builds, oldest first, then numbers them. */
  private static final class Gen {
    final Def d;
    final Pipeline p;
    final Instant now;
    final Random rng;
    final List<Object[]> specs = new ArrayList<>(); // {Instant created, String source, String branch, String state}

    Gen(Def d, Pipeline p, Instant now, Random rng) {
      this.d = d;
      this.p = p;
      this.now = now;
      this.rng = rng;
    }

    List<Build> run() {
      Instant start = now.minus(Duration.ofDays(DAYS));
      Instant day0 = now.truncatedTo(ChronoUnit.DAYS);
      for (int back = DAYS; back >= 0; back--) {
        Instant day = day0.minus(Duration.ofDays(back));
        int dow = (int) Math.floorMod(day.getEpochSecond() / 86400 + 3, 7); // 0 = Monday
        double rate = d.perDay() * (dow >= 5 ? 0.15 : 1.0);
        int n = poisson(rate);
        for (int k = 0; k < n; k++) {
          Instant t = day.plusSeconds(7 * 3600 + rng.nextInt(12 * 3600)).plusMillis(rng.nextInt(1000));
          String source;
          String branch;
          double r = rng.nextDouble();
          if (d.has("d") && r < 0.6) {
            source = "trigger_job";
            branch = p.defaultBranch();
          } else {
            source = r < 0.78 ? "webhook" : r < 0.88 ? "ui" : "api";
            double b = rng.nextDouble();
            branch = b < 0.5 ? p.defaultBranch() : b < 0.88 ? FEATURES[rng.nextInt(FEATURES.length)]
                : "release/1." + (1 + rng.nextInt(3));
          }
          add(t, start, source, branch);
        }
        if (d.has("n") && (d.slug().equals("load-tests") ? dow == 6 : true)) {
          add(day.plusSeconds(2 * 3600 + 60L * (Math.abs(d.slug().hashCode()) % 50)).plusMillis(rng.nextInt(900)),
              start, "schedule", p.defaultBranch());
        }
      }
      // Pinned in-flight builds, so every state is present whatever the clock's time of day.
      switch (d.slug()) {
        case "web-frontend" -> {
          pin(Duration.ofSeconds(40), "webhook", "main", "scheduled");
          pin(Duration.ofMinutes(6), "webhook", "feature/login-form", "running");
        }
        case "payments-api" -> pin(Duration.ofMinutes(11), "webhook", "main", "failing");
        case "checkout-service" -> pin(Duration.ofMinutes(4), "ui", "release/1.2", "canceling");
        case "payments-deploy" -> pin(Duration.ofMinutes(25), "trigger_job", "main", "running");
        case "search-api" -> pin(Duration.ofMinutes(2).plusSeconds(30), "api", "main", "scheduled");
        default -> { }
      }
      specs.sort(Comparator.comparing(s -> (Instant) s[0]));
      List<Build> out = new ArrayList<>();
      long number = 100 + Math.floorMod(d.slug().hashCode(), 4000);
      for (Object[] s : specs) {
        out.add(build(number++, (Instant) s[0], (String) s[1], (String) s[2], (String) s[3]));
      }
      return out;
    }

    private void add(Instant t, Instant start, String source, String branch) {
      // the last half hour is left to the pinned in-flight builds
      if (!t.isBefore(start) && t.isBefore(now.minus(Duration.ofMinutes(30)))) {
        specs.add(new Object[] {t, source, branch, null});
      }
    }

    private void pin(Duration ago, String source, String branch, String state) {
      specs.add(new Object[] {now.minus(ago).minusMillis(137), source, branch, state});
    }

    private int poisson(double lambda) {
      double l = Math.exp(-lambda);
      double prod = rng.nextDouble();
      int k = 0;
      while (prod > l) {
        prod *= rng.nextDouble();
        k++;
      }
      return k;
    }

    private Build build(long number, Instant created, String source, String branch, String pinned) {
      double r = rng.nextDouble();
      String state;
      if (pinned != null) {
        state = pinned;
      } else {
        double fail = d.has("f") ? 0.22 : 0.1;
        state = r < fail ? "failed" : r < fail + 0.05 ? "canceled" : r < fail + 0.07 && d.has("s") ? "skipped"
            : r >= fail + 0.07 && r < fail + 0.08 ? "not_run" : "passed";
      }
      boolean blocked = d.has("d") && state.equals("passed") && rng.nextDouble() < 0.3;
      Instant scheduled = created.minusMillis(20 + rng.nextInt(40));
      Instant started = null;
      Instant finished = null;
      long runSeconds = 60 + rng.nextInt(d.has("n") ? 3000 : 900);
      switch (state) {
        case "running", "failing", "canceling" -> started = created.plusSeconds(5 + rng.nextInt(30));
        case "passed", "failed", "canceled" -> {
          started = created.plusSeconds(5 + rng.nextInt(60));
          finished = started.plusSeconds(runSeconds);
          if (finished.isAfter(now)) {
            finished = now.minusSeconds(1);
          }
        }
        case "skipped", "not_run" -> finished = created.plusSeconds(1 + rng.nextInt(5));
        default -> { }
      }
      String user = USERS[rng.nextInt(USERS.length)][1];
      Map<String, Object> creator = source.equals("schedule") ? null : user(user);
      Map<String, Object> pr = null;
      if (source.equals("webhook") && !branch.equals(p.defaultBranch()) && !branch.startsWith("release/")) {
        pr = new LinkedHashMap<>();
        pr.put("id", Long.toString(100 + rng.nextInt(900)));
        pr.put("base", p.defaultBranch());
        pr.put("repository", p.repository());
      }
      String message = switch (source) {
        case "schedule" -> "Scheduled build";
        case "trigger_job" -> "Deploy " + p.slug().replace("-deploy", "") + " " + created.toString().substring(0, 10);
        default -> MESSAGES[rng.nextInt(MESSAGES.length)];
      };
      String id = uuid("build", p.slug(), Long.toString(number));
      String api = p.url() + "/builds/" + number;
      return new Build(id, gid("Build", id), number, state, blocked, branch,
          sha1(p.slug() + "/" + branch + "/" + number), message, source, created, scheduled, started, finished,
          p.webUrl() + "/builds/" + number, api, creator, pr, p);
    }
  }

  private static Map<String, Object> user(String login) {
    String name = null;
    for (String[] u : USERS) {
      if (u[1].equals(login)) {
        name = u[0];
      }
    }
    String id = uuid("user", login);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("graphql_id", gid("User", id));
    m.put("name", name);
    m.put("email", login + "@acme.example");
    m.put("avatar_url", "https://www.gravatar.com/avatar/" + sha1(login).substring(0, 32));
    m.put("created_at", "2023-01-03T06:06:42.765Z");
    return java.util.Collections.unmodifiableMap(m);
  }

  private static String uuid(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("/", parts).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String gid(String type, String id) {
    return Base64.getEncoder().encodeToString((type + "---" + id).getBytes(StandardCharsets.UTF_8));
  }

  static String sha1(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (byte b : h) {
        sb.append(String.format("%02x", b));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
