package dev.cql.buildkite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic synthetic organizations for tests and measurements: pipelines over GitHub, GitLab (nested
 * groups), Bitbucket Cloud, Bitbucket Server and Azure DevOps, and builds spread over the days before
 * {@code end}, in Buildkite's JSON shape. The same arguments always give the same bytes.
 *
 * <p>{@code main} regenerates the committed test snapshot:
 * {@code java -cp target/classes:target/test-classes:... dev.cql.buildkite.SyntheticOrg OUT_DIR}.
 */
public final class SyntheticOrg {

  public static final String ORG = "acme-inc";
  /** The "now" of the committed test snapshot: every build is created before it. */
  public static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

  private static final String[] STATES = {"passed", "passed", "passed", "passed", "passed", "failed", "failed", "canceled", "running", "scheduled"};
  private static final String[] SOURCES = {"webhook", "webhook", "webhook", "schedule", "ui", "api", "trigger_job"};
  private static final String[] BRANCHES = {"main", "main", "main", "feature/login", "feature/search-dev", "release/1.x", "dependabot/npm/lodash"};
  private static final String[][] PEOPLE = {{"Alice Example", "alice@acme.example"}, {"Bob Example", "bob@acme.example"}, {"Carol Example", "carol@acme.example"}};

  private final Random rnd;
  private final ArrayNode pipelines = JsonNodeFactory.instance.arrayNode();
  private final ArrayNode builds = JsonNodeFactory.instance.arrayNode();

  private SyntheticOrg(long seed) {
    this.rnd = new Random(seed);
  }

  /** Writes pipelines.json and builds.json for {@code pipelineCount} pipelines, about {@code buildsPerPipeline} builds each, over {@code days} days. */
  public static void write(Path dir, int pipelineCount, int buildsPerPipeline, int days, Instant end, long seed) throws IOException {
    SyntheticOrg o = new SyntheticOrg(seed);
    o.generate(pipelineCount, buildsPerPipeline, days, end);
    Files.createDirectories(dir);
    Files.write(dir.resolve("pipelines.json"), BuildkiteJson.bytes(o.pipelines));
    Files.write(dir.resolve("builds.json"), BuildkiteJson.bytes(o.builds));
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/buildkite/sim");
    write(out, 12, 25, 45, END, 42);
    System.out.println("wrote " + out);
  }

  private void generate(int pipelineCount, int buildsPerPipeline, int days, Instant end) {
    List<ObjectNode> ps = new ArrayList<>();
    for (int i = 0; i < pipelineCount; i++) {
      ObjectNode p = pipeline(i);
      ps.add(p);
      pipelines.add(p);
    }
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      ObjectNode p = ps.get(i);
      // uneven volumes: some pipelines are busy, some quiet
      int count = Math.max(1, buildsPerPipeline / 2 + rnd.nextInt(buildsPerPipeline + 1));
      if (i % 7 == 6) {
        count = 2; // a nearly idle pipeline
      }
      List<Instant> times = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        long secondsBack = (long) (rnd.nextDouble() * days * 86400L);
        times.add(end.minusSeconds(secondsBack).minusMillis(rnd.nextInt(1000)));
      }
      times.sort(null);
      int number = 1 + rnd.nextInt(500);
      for (Instant created : times) {
        all.add(build(p, number, created, end));
        number += 1 + (rnd.nextInt(10) == 0 ? 1 : 0); // numbers may have gaps
      }
    }
    all.sort((a, b) -> {
      int c = b.get("created_at").asText().compareTo(a.get("created_at").asText());
      return c != 0 ? c : Long.compare(b.get("number").asLong(), a.get("number").asLong());
    });
    all.forEach(builds::add);
  }

  private ObjectNode pipeline(int i) {
    String[] names = {"Web App", "API Service", "Payments", "Legacy Tool", "Search", "Mobile", "Infra Deploy", "Docs Site",
        "Billing", "Auth Gateway", "Data Pipeline", "Notifications"};
    String name = i < names.length ? names[i] : "Service " + i;
    String slug = name.toLowerCase().replace(' ', '-');
    String repo;
    String provider;
    switch (i % 5) {
      case 0 -> {
        repo = "git@github.com:acme-inc/" + slug + ".git";
        provider = "github";
      }
      case 1 -> {
        repo = "https://gitlab.com/acme/backend/" + slug + ".git";
        provider = "gitlab";
      }
      case 2 -> {
        repo = "git@bitbucket.org:acme-inc/" + slug + ".git";
        provider = "bitbucket";
      }
      case 3 -> {
        repo = "https://dev.azure.com/acme-inc/Platform/_git/" + slug;
        provider = "unknown";
      }
      default -> {
        repo = "ssh://git@bitbucket.acme.example:7999/PLAT/" + slug + ".git";
        provider = "bitbucket_server";
      }
    }
    UUID id = uuid();
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("id", id.toString());
    p.put("graphql_id", gql("Pipeline", id));
    p.put("url", "https://api.buildkite.com/v2/organizations/" + ORG + "/pipelines/" + slug);
    p.put("web_url", "https://buildkite.com/" + ORG + "/" + slug);
    p.put("name", name);
    if (i % 3 == 0) {
      p.putNull("description");
    } else {
      p.put("description", name + " pipeline");
    }
    p.put("slug", slug);
    p.put("repository", repo);
    p.putNull("cluster_id");
    p.put("default_branch", "main");
    ObjectNode prov = p.putObject("provider");
    prov.put("id", provider);
    prov.put("webhook_url", "");
    if (!provider.equals("unknown")) {
      prov.putObject("settings").put("repository", RepositoryKey.fromUrl(repo));
    }
    p.put("builds_url", p.get("url").asText() + "/builds");
    // one pipeline in the old "YYYY-MM-DD HH:MM:SS UTC" timestamp style
    p.put("created_at", i == 3 ? "2024-03-01 10:00:00 UTC" : BuildkiteJson.format(Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(7L * i))));
    p.putNull("archived_at");
    p.put("visibility", "private");
    ArrayNode tags = p.putArray("tags");
    if (i % 2 == 0) {
      tags.add(i % 4 == 0 ? "frontend" : "backend");
    }
    if (i % 3 == 0) {
      tags.add("tier-1");
    }
    p.put("unknown_future_field", "ignored");
    return p;
  }

  private ObjectNode build(ObjectNode pipeline, int number, Instant created, Instant end) {
    UUID id = uuid();
    String state = STATES[rnd.nextInt(STATES.length)];
    long ageSeconds = Duration.between(created, end).getSeconds();
    if (ageSeconds > 7200 && (state.equals("running") || state.equals("scheduled"))) {
      state = "passed"; // old builds are finished
    }
    boolean blocked = state.equals("passed") && rnd.nextInt(15) == 0;
    String source = SOURCES[rnd.nextInt(SOURCES.length)];
    String branch = BRANCHES[rnd.nextInt(BRANCHES.length)];
    Instant scheduled = created.plusMillis(rnd.nextInt(2000));
    Instant started = state.equals("scheduled") ? null : scheduled.plusSeconds(1 + rnd.nextInt(60));
    Instant finished = started == null || state.equals("running") ? null : started.plusSeconds(30 + rnd.nextInt(1800));
    String slug = pipeline.get("slug").asText();
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("id", id.toString());
    b.put("graphql_id", gql("Build", id));
    b.put("url", pipeline.get("url").asText() + "/builds/" + number);
    b.put("web_url", "https://buildkite.com/" + ORG + "/" + slug + "/builds/" + number);
    b.put("number", number);
    b.put("state", state);
    b.putNull("cancel_reason");
    b.put("blocked", blocked);
    b.put("blocked_state", blocked ? "passed" : "");
    b.put("message", List.of("Fix flaky test", "Bump dependencies", "Add search filters", "Refactor billing", "Update docs").get(rnd.nextInt(5)));
    byte[] sha = new byte[20];
    rnd.nextBytes(sha);
    b.put("commit", HexFormat.of().formatHex(sha));
    b.put("branch", branch);
    b.putNull("tag");
    b.putObject("env");
    b.put("source", source);
    String[] person = PEOPLE[rnd.nextInt(PEOPLE.length)];
    if (source.equals("schedule")) {
      b.putNull("author");
      b.putNull("creator");
    } else {
      ObjectNode author = b.putObject("author");
      author.put("name", person[0]);
      author.put("email", person[1]);
      ObjectNode creator = b.putObject("creator");
      UUID uid = new UUID(person[1].hashCode(), person[0].hashCode());
      creator.put("id", uid.toString());
      creator.put("graphql_id", gql("User", uid));
      creator.put("name", person[0]);
      creator.put("email", person[1]);
      creator.put("avatar_url", "https://www.gravatar.com/avatar/" + Integer.toHexString(person[1].hashCode()));
      creator.put("created_at", "2023-01-03T06:06:42.765Z");
    }
    b.put("created_at", BuildkiteJson.format(created));
    b.put("scheduled_at", BuildkiteJson.format(scheduled));
    b.put("started_at", BuildkiteJson.format(started));
    b.putNull("failing_at");
    b.put("finished_at", BuildkiteJson.format(finished));
    b.putObject("meta_data");
    if (source.equals("webhook") && !branch.equals("main")) {
      ObjectNode pr = b.putObject("pull_request");
      pr.put("id", String.valueOf(100 + rnd.nextInt(900)));
      pr.put("base", "main");
      pr.put("repository", pipeline.get("repository").asText());
    } else {
      b.putNull("pull_request");
    }
    b.putNull("rebuilt_from");
    b.set("pipeline", pipeline);
    return b;
  }

  private UUID uuid() {
    return new UUID(rnd.nextLong(), rnd.nextLong());
  }

  private static String gql(String type, UUID id) {
    return Base64.getEncoder().encodeToString((type + "---" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The map form of a JSON object, for assertions. */
  static Map<String, Object> map(ObjectNode n) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) BuildkiteJson.plain(n);
    return m;
  }
}
