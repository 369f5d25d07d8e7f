package dev.cql.buildkite.namespace;

import dev.cql.buildkite.Pipeline;
import dev.cql.eval.CqlObject;
import dev.cql.lang.ObjectType;
import dev.cql.lang.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A Buildkite pipeline as a CQL object: the fields of {@link #TYPE}, and unknown-name for anything else. */
public final class PipelineValue implements CqlObject {

  /** The pipeline's fields: the one table the checker, the evaluator, the REPL and the docs read. */
  public static final ObjectType<PipelineValue> TYPE = ObjectType.<PipelineValue>builder("pipeline")
      .field("id", Type.STRING, v -> v.pipeline.id(), "the pipeline's UUID")
      .field("graphql_id", Type.STRING, v -> v.pipeline.graphqlId(), "the pipeline's GraphQL id")
      .field("slug", Type.STRING, v -> v.pipeline.slug(), "the pipeline's slug, unique in the organization")
      .field("name", Type.STRING, v -> v.pipeline.name(), "the pipeline's name")
      .field("description", Type.STRING, v -> v.pipeline.description(), "the pipeline's description, or null")
      .field("repository", Type.STRING, v -> v.pipeline.repository(), "the repository URL as Buildkite has it")
      .field("git_repository", Type.STRING, v -> v.pipeline.gitRepository(),
          "the repository normalised to owner/repo, lower case (Azure: org/project/repo), or null")
      .field("tags", Type.list(Type.STRING), v -> v.tags, "the pipeline's Buildkite tags")
      .field("default_branch", Type.STRING, v -> v.pipeline.defaultBranch(), "the default branch, or null")
      .field("web_url", Type.STRING, v -> v.pipeline.webUrl(), "the pipeline's page on buildkite.com")
      .field("url", Type.STRING, v -> v.pipeline.url(), "the pipeline's REST API URL")
      .field("created_at", Type.DATETIME, v -> v.pipeline.createdAt(), "when the pipeline was created")
      .field("provider", Type.STRING, v -> v.pipeline.provider(), "the source provider: github, gitlab, bitbucket, ...")
      .build();

  private final Pipeline pipeline;
  private final List<Object> tags;

  public PipelineValue(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.tags = Collections.unmodifiableList(new ArrayList<>(pipeline.tags()));
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  @Override
  public ObjectType<?> objectType() {
    return TYPE;
  }

  @Override
  public String describe() {
    return "<pipeline " + pipeline.slug() + ">";
  }

  @Override
  public String toString() {
    return describe();
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
