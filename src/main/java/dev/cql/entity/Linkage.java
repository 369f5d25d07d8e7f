package dev.cql.entity;

import dev.cql.buildkite.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entity's linked pipelines (see {@link PipelineLinker}).
 *
 * @param tag the entity's tag
 * @param pipelines the linked pipelines, ordered by slug, each once
 * @param reasons for each linked slug, why it is linked
 * @param warnings human messages, e.g. a listed slug the organization does not have
 * @param hasBuildkiteBlock whether the descriptor has a buildkite block
 */
public record Linkage(
    String tag,
    List<Pipeline> pipelines,
    Map<String, Set<LinkReason>> reasons,
    List<String> warnings,
    boolean hasBuildkiteBlock) {

  public Linkage {
    pipelines = List.copyOf(pipelines);
    Map<String, Set<LinkReason>> copy = new java.util.HashMap<>();
    reasons.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    reasons = Map.copyOf(copy);
    warnings = List.copyOf(warnings);
  }

  /**
   * Whether CQL's {@code buildkite} is null for the entity: it has no buildkite block and no pipeline links to
   * it. (An entity with a block is never null, even when nothing matches.)
   */
  public boolean isNull() {
    return !hasBuildkiteBlock && pipelines.isEmpty();
  }

  /** The linked pipelines' slugs, in order. */
  public List<String> slugs() {
    return pipelines.stream().map(Pipeline::slug).toList();
  }

  /** Why the pipeline with this slug is linked; empty when it is not. */
  public Set<LinkReason> reasons(String slug) {
    return reasons.getOrDefault(slug, Set.of());
  }
}
