package dev.cql.buildkite;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Synthetic organizations of any size for measurements, in the snapshot format (interfaces.md): P pipelines,
 * about B builds spread over them log-normally (a few busy pipelines, a long tail of quiet ones), created
 * over the {@code days} days before {@code end}, with Buildkite's field shapes (embedded pipeline, creator,
 * author, pull request, meta-data; no jobs, as listings with {@code exclude_jobs=true}), and one entity
 * descriptor per pipeline that links it by slug and names its GitHub repository. Files are streamed, so a
 * million builds need no more memory than one pipeline's; the same arguments give the same bytes.
 *
 * <pre>java -cp target/classes:target/test-classes:DEPS dev.cql.buildkite.LargeOrg OUT_DIR PIPELINES BUILDS [DAYS] [SEED]</pre>
 */
public final class LargeOrg {

  public static final String ORG = "acme-inc";
  /** The clock of every measurement: builds are created in the days before it. */
  public static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  /** The spread of builds per pipeline (the sigma of the log-normal). */
  static final double SIGMA = 1.2;

  private static final String[] STATES = {"passed", "passed", "passed", "passed", "passed", "passed", "failed", "failed", "canceled", "skipped"};
  private static final String[] SOURCES = {"webhook", "webhook", "webhook", "webhook", "schedule", "ui", "api", "trigger_job"};
  private static final String[] BRANCHES = {"main", "main", "main", "main", "feature/login", "feature/search-dev", "release/1.x",
      "dependabot/npm/lodash"};
  private static final String[] MESSAGES = {"Fix flaky test", "Bump dependencies", "Add search filters", "Refactor billing",
      "Update docs", "Merge pull request #482 from acme-inc/feature/login"};
  private static final String[][] PEOPLE = {{"Alice Example", "alice@acme.example"}, {"Bob Example", "bob@acme.example"},
      {"Carol Example", "carol@acme.example"}, {"Dan Example", "dan@acme.example"}};

  /** Compact output (the shared mapper indents). */
  private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

  private final Random rnd;

  private LargeOrg(long seed) {
    this.rnd = new Random(seed);
  }

  /** What was written. */
  public record Written(int pipelines, long builds, int entities) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: LargeOrg OUT_DIR PIPELINES BUILDS [DAYS=60] [SEED=1]");
      System.exit(64);
    }
    Path out = Path.of(args[0]);
    int pipelines = Integer.parseInt(args[1]);
    long builds = Long.parseLong(args[2]);
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    long t0 = System.nanoTime();
    Written w = write(out, pipelines, builds, days, END, seed);
    System.out.printf("wrote %d pipelines, %d builds, %d entities into %s in %d s%n", w.pipelines(), w.builds(), w.entities(), out,
        (System.nanoTime() - t0) / 1_000_000_000L);
  }

  public static Written write(Path dir, int pipelineCount, long totalBuilds, int days, Instant end, long seed) throws IOException {
    LargeOrg o = new LargeOrg(seed);
    Files.createDirectories(dir.resolve("entities"));
    List<ObjectNode> pipelines = new ArrayList<>();
    for (int i = 0; i < pipelineCount; i++) {
      pipelines.add(o.pipeline(i));
    }
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve("pipelines.json")), 1 << 16);
        JsonGenerator g = PLAIN.getFactory().createGenerator(os)) {
      g.writeStartArray();
      for (ObjectNode p : pipelines) {
        g.writeTree(p);
      }
      g.writeEndArray();
    }
    // log-normal counts with the requested mean: mean = exp(mu + sigma^2 / 2)
    double mean = (double) totalBuilds / pipelineCount;
    double mu = Math.log(Math.max(mean, 1e-9)) - SIGMA * SIGMA / 2;
    long[] counts = new long[pipelineCount];
    long sum = 0;
    for (int i = 0; i < pipelineCount; i++) {
      counts[i] = Math.max(1, Math.round(Math.exp(mu + SIGMA * o.rnd.nextGaussian())));
      sum += counts[i];
    }
    // scale to the requested total (the shape stays log-normal)
    long written = 0;
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve("builds.json")), 1 << 16);
        JsonGenerator g = PLAIN.getFactory().createGenerator(os)) {
      g.writeStartArray();
      for (int i = 0; i < pipelineCount; i++) {
        long n = Math.max(1, Math.round(counts[i] * (double) totalBuilds / sum));
        List<Instant> times = new ArrayList<>();
        for (long k = 0; k < n; k++) {
          times.add(end.minusMillis((long) (o.rnd.nextDouble() * days * 86_400_000L)));
        }
        times.sort(null);
        long number = 1 + o.rnd.nextInt(2000);
        for (Instant created : times) {
          g.writeTree(o.build(pipelines.get(i), number, created, end));
          number += 1 + (o.rnd.nextInt(20) == 0 ? 1 : 0);
          written++;
        }
      }
      g.writeEndArray();
    }
    for (int i = 0; i < pipelineCount; i++) {
      Files.writeString(dir.resolve("entities").resolve(entityTag(i) + ".yaml"), entity(i, pipelines.get(i)), StandardCharsets.UTF_8);
    }
    return new Written(pipelineCount, written, pipelineCount);
  }

  static String entityTag(int i) {
    return String.format("service-%05d", i);
  }

  private static String entity(int i, ObjectNode pipeline) {
    String slug = pipeline.get("slug").asText();
    String group = i % 10 == 0 ? "payments" : "platform";
    String type = i % 9 == 0 ? "library" : "service";
    return "openapi: 3.0.1\n"
        + "info:\n"
        + "  title: Service " + i + "\n"
        + (i % 4 == 0 ? "" : "  description: The " + slug + " service.\n")
        + "  x-cortex-tag: " + entityTag(i) + "\n"
        + "  x-cortex-type: " + type + "\n"
        + "  x-cortex-groups: [" + group + "]\n"
        + "  x-cortex-git:\n"
        + "    github:\n"
        + "      repository: " + ORG + "/" + slug + "\n"
        + "  x-cortex-ci-cd:\n"
        + "    buildkite:\n"
        + "      pipelines:\n"
        + "        - slug: " + slug + "\n";
  }

  private ObjectNode pipeline(int i) {
    String slug = String.format("service-%05d", i);
    UUID id = uuid();
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("id", id.toString());
    p.put("graphql_id", gql("Pipeline", id));
    p.put("url", "https://api.buildkite.com/v2/organizations/" + ORG + "/pipelines/" + slug);
    p.put("web_url", "https://buildkite.com/" + ORG + "/" + slug);
    p.put("name", "Service " + i);
    p.put("description", i % 3 == 0 ? null : "Builds service " + i);
    p.put("slug", slug);
    p.put("repository", "git@github.com:" + ORG + "/" + slug + ".git");
    p.putNull("cluster_id");
    p.putNull("pipeline_template_uuid");
    p.put("branch_configuration", "");
    p.put("default_branch", "main");
    p.put("skip_queued_branch_builds", false);
    p.put("cancel_running_branch_builds", false);
    p.put("allow_rebuilds", true);
    ObjectNode prov = p.putObject("provider");
    prov.put("id", "github");
    prov.put("webhook_url", "");
    ObjectNode settings = prov.putObject("settings");
    settings.put("trigger_mode", "code");
    settings.put("build_pull_requests", true);
    settings.put("publish_commit_status", true);
    settings.put("repository", ORG + "/" + slug);
    p.put("builds_url", p.get("url").asText() + "/builds");
    p.put("badge_url", "https://badge.buildkite.com/" + HexFormat.of().formatHex(longBytes(rnd.nextLong())) + ".svg");
    p.put("created_at", BuildkiteJson.format(Instant.parse("2022-01-01T00:00:00Z").plus(Duration.ofHours(7L * i))));
    p.putNull("archived_at");
    p.putObject("env");
    p.put("scheduled_builds_count", 0);
    p.put("running_builds_count", 0);
    p.put("scheduled_jobs_count", 0);
    p.put("running_jobs_count", 0);
    p.put("waiting_jobs_count", 0);
    p.put("visibility", "private");
    p.putArray("tags").add(i % 2 == 0 ? "backend" : "frontend");
    return p;
  }

  private ObjectNode build(ObjectNode pipeline, long number, Instant created, Instant end) {
    UUID id = uuid();
    long ageSeconds = Duration.between(created, end).getSeconds();
    String state = ageSeconds < 1800 && rnd.nextInt(3) == 0 ? "running" : STATES[rnd.nextInt(STATES.length)];
    boolean blocked = state.equals("passed") && rnd.nextInt(25) == 0;
    String source = SOURCES[rnd.nextInt(SOURCES.length)];
    String branch = BRANCHES[rnd.nextInt(BRANCHES.length)];
    Instant scheduled = created.plusMillis(rnd.nextInt(2000));
    Instant started = state.equals("skipped") ? null : scheduled.plusSeconds(1 + rnd.nextInt(60));
    Instant finished = state.equals("running") ? null : (started == null ? scheduled : started).plusSeconds(30 + rnd.nextInt(1800));
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
    b.put("message", MESSAGES[rnd.nextInt(MESSAGES.length)]);
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
      author.put("username", person[0].split(" ")[0].toLowerCase());
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
    b.put("failing_at", state.equals("failed") ? BuildkiteJson.format(finished) : null);
    b.put("finished_at", BuildkiteJson.format(finished));
    ObjectNode meta = b.putObject("meta_data");
    meta.put("buildkite:git:commit", "commit " + b.get("commit").asText());
    if (source.equals("webhook") && !branch.equals("main")) {
      ObjectNode pr = b.putObject("pull_request");
      pr.put("id", String.valueOf(100 + rnd.nextInt(9000)));
      pr.put("base", "main");
      pr.put("repository", pipeline.get("repository").asText());
    } else {
      b.putNull("pull_request");
    }
    b.putNull("merge_queue");
    b.putNull("rebuilt_from");
    b.set("pipeline", pipeline);
    return b;
  }

  private UUID uuid() {
    return new UUID(rnd.nextLong(), rnd.nextLong());
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  private static String gql(String type, UUID id) {
    return Base64.getEncoder().encodeToString((type + "---" + id).getBytes(StandardCharsets.UTF_8));
  }
}
