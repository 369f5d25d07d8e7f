package dev.cql.buildkite.namespace;

import dev.cql.buildkite.Build;
import dev.cql.eval.Values;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A Buildkite build as a CQL object, with the derived fields {@code action} and {@code duration}. */
public final class BuildValue extends FieldObject {

  public static final List<String> FIELDS = List.of("id", "graphql_id", "number", "state", "blocked", "branch",
      "commit", "message", "source", "action", "created_at", "scheduled_at", "started_at", "finished_at", "duration",
      "web_url", "url", "creator", "pull_request", "pipeline");
  private static final java.util.Set<String> FIELD_SET = java.util.Set.copyOf(FIELDS);

  private final Build build;
  private final PipelineValue pipeline;

  public BuildValue(Build build, PipelineValue pipeline) {
    super("build", FIELDS, FIELD_SET);
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

  @Override
  public Object field(String name) {
    Build b = build;
    return switch (name) {
      case "id" -> b.id();
      case "graphql_id" -> b.graphqlId();
      case "number" -> b.number();
      case "state" -> b.state();
      case "blocked" -> b.blocked();
      case "branch" -> b.branch();
      case "commit" -> b.commit();
      case "message" -> b.message();
      case "source" -> b.source();
      case "action" -> action(b.source());
      case "created_at" -> b.createdAt();
      case "scheduled_at" -> b.scheduledAt();
      case "started_at" -> b.startedAt();
      case "finished_at" -> b.finishedAt();
      case "duration" -> b.startedAt() == null || b.finishedAt() == null ? null : Duration.between(b.startedAt(), b.finishedAt());
      case "web_url" -> b.webUrl();
      case "url" -> b.url();
      case "creator" -> b.creator() == null ? null : Values.fromJava(b.creator());
      case "pull_request" -> b.pullRequest() == null ? null : Values.fromJava(b.pullRequest());
      case "pipeline" -> pipeline;
      default -> null;
    };
  }

  @Override
  public String describe() {
    return "<build " + (build.pipeline() == null ? "?" : build.pipeline().slug()) + "#" + build.number() + " "
        + build.state() + ">";
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
