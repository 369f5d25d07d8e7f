package dev.cql.buildkite.namespace;

import dev.cql.buildkite.Pipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A Buildkite pipeline as a CQL object: its fields, and unknown-name for anything else. */
public final class PipelineValue extends FieldObject {

  public static final List<String> FIELDS = List.of("id", "graphql_id", "slug", "name", "description", "repository",
      "git_repository", "tags", "default_branch", "web_url", "url", "created_at", "provider");
  private static final java.util.Set<String> FIELD_SET = java.util.Set.copyOf(FIELDS);

  private final Pipeline pipeline;
  private final List<Object> tags;

  public PipelineValue(Pipeline pipeline) {
    super("pipeline", FIELDS, FIELD_SET);
    this.pipeline = pipeline;
    this.tags = Collections.unmodifiableList(new ArrayList<>(pipeline.tags()));
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  @Override
  public Object field(String name) {
    Pipeline p = pipeline;
    return switch (name) {
      case "id" -> p.id();
      case "graphql_id" -> p.graphqlId();
      case "slug" -> p.slug();
      case "name" -> p.name();
      case "description" -> p.description();
      case "repository" -> p.repository();
      case "git_repository" -> p.gitRepository();
      case "tags" -> tags;
      case "default_branch" -> p.defaultBranch();
      case "web_url" -> p.webUrl();
      case "url" -> p.url();
      case "created_at" -> p.createdAt();
      case "provider" -> p.provider();
      default -> null;
    };
  }

  @Override
  public String describe() {
    return "<pipeline " + pipeline.slug() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineValue v && Objects.equals(pipeline, v.pipeline);
  }

  @Override
  public int hashCode() {
    return pipeline.hashCode();
  }
}
