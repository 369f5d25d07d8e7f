package dev.cql.buildkite.namespace;

import dev.cql.buildkite.Build;
import dev.cql.eval.CqlObject;
import dev.cql.eval.Values;
import dev.cql.lang.ObjectType;
import dev.cql.lang.Type;
import java.time.Duration;
import java.util.Objects;

/** A Buildkite build as a CQL object, with the derived fields {@code action} and {@code duration}. */
public final class BuildValue implements CqlObject {

  /** The build's fields: the one table the checker, the evaluator, the REPL and the docs read. */
  public static final ObjectType<BuildValue> TYPE = ObjectType.<BuildValue>builder("build")
      .field("id", Type.STRING, v -> v.build.id(), "the build's UUID")
      .field("graphql_id", Type.STRING, v -> v.build.graphqlId(), "the build's GraphQL id")
      .field("number", Type.NUMBER, v -> v.build.number(), "the build number, counted per pipeline")
      .field("state", Type.STRING, v -> v.build.state(),
          "passed, failed, running, scheduled, blocked, canceled, canceling, skipped, not_run, ...")
      .field("blocked", Type.BOOLEAN, v -> v.build.blocked(), "whether the build is waiting at a block step")
      .field("branch", Type.STRING, v -> v.build.branch(), "the branch built")
      .field("commit", Type.STRING, v -> v.build.commit(), "the commit SHA built")
      .field("message", Type.STRING, v -> v.build.message(), "the build message (usually the commit message)")
      .field("source", Type.STRING, v -> v.build.source(), "what created it: webhook, ui, api, schedule, trigger_job, ...")
      .field("action", Type.STRING, v -> action(v.build.source()), "the source in words: \"scheduled build\", \"manual build\", ...")
      .field("created_at", Type.DATETIME, v -> v.build.createdAt(), "when the build was created")
      .field("scheduled_at", Type.DATETIME, v -> v.build.scheduledAt(), "when it was scheduled, or null")
      .field("started_at", Type.DATETIME, v -> v.build.startedAt(), "when it started running, or null")
      .field("finished_at", Type.DATETIME, v -> v.build.finishedAt(), "when it finished, or null")
      .field("duration", Type.DURATION, BuildValue::duration, "finished_at − started_at, or null while either is missing")
      .field("web_url", Type.STRING, v -> v.build.webUrl(), "the build's page on buildkite.com")
      .field("url", Type.STRING, v -> v.build.url(), "the build's REST API URL")
      .field("creator", Type.MAP, v -> v.build.creator() == null ? null : Values.fromJava(v.build.creator()),
          "who created it (an object with id, name, email, ...), or null")
      .field("pull_request", Type.MAP, v -> v.build.pullRequest() == null ? null : Values.fromJava(v.build.pullRequest()),
          "the pull request built (id, base, repository), or null")
      .field("pipeline", Type.object(PipelineValue.TYPE), v -> v.pipeline, "the pipeline the build belongs to")
      .build();

  private final Build build;
  private final PipelineValue pipeline;

  public BuildValue(Build build, PipelineValue pipeline) {
    this.build = build;
    this.pipeline = pipeline;
  }

  public Build build() {
    return build;
  }

  /** What started the build, in words: {@code schedule} is "scheduled build", {@code ui} "manual build", ... */
  public static String action(String source) {
    if (source == null) {
      return "unknown build";
    }
    return switch (source) {
      case "schedule" -> "scheduled build";
      case "ui" -> "manual build";
      case "api" -> "API build";
      case "webhook" -> "webhook build";
      case "trigger_job" -> "triggered build";
      default -> source + " build";
    };
  }

  private static Object duration(BuildValue v) {
    Build b = v.build;
    return b.startedAt() == null || b.finishedAt() == null ? null : Duration.between(b.startedAt(), b.finishedAt());
  }

  @Override
  public ObjectType<?> objectType() {
    return TYPE;
  }

  @Override
  public String describe() {
    return "<build " + (build.pipeline() == null ? "?" : build.pipeline().slug()) + "#" + build.number() + " "
        + build.state() + ">";
  }

  @Override
  public String toString() {
    return describe();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BuildValue v && Objects.equals(build, v.build);
  }

  @Override
  public int hashCode() {
    return build.hashCode();
  }
}
