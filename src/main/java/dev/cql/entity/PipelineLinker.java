package dev.cql.entity;

import dev.cql.buildkite.Pipeline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Links entities to an organization's pipelines, by the rules of the dialect record ("The buildkite namespace"):
 * <ol>
 *   <li>an entity with a buildkite block links the pipelines whose slug it lists, and those carrying a Buildkite
 *       tag it lists;
 *   <li>an entity without one links the pipeline whose slug is its tag, and those carrying its tag as a
 *       Buildkite tag;
 *   <li>either way, plus every pipeline whose repository is the entity's {@code x-cortex-git} repository.
 * </ol>
 * Slugs and tags match exactly. A listed slug the organization lacks, and a listed tag no pipeline carries, are
 * warnings. Thread-safe; build one linker per pipeline list and link any number of entities with it.
 */
public final class PipelineLinker {

  private final PipelineIndex index;

  public PipelineLinker(PipelineIndex index) {
    this.index = index;
  }

  public PipelineLinker(Collection<Pipeline> pipelines) {
    this(PipelineIndex.of(pipelines));
  }

  /** One-off convenience; prefer a shared linker when linking several entities. */
  public static Linkage link(Entity entity, Collection<Pipeline> pipelines) {
    return new PipelineLinker(pipelines).link(entity);
  }

  public PipelineIndex index() {
    return index;
  }

  public Linkage link(Entity entity) {
    Map<String, Pipeline> linked = new TreeMap<>();
    Map<String, Set<LinkReason>> why = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    Entity.BuildkiteBlock bk = entity.buildkite();
    if (bk != null) {
      for (String slug : bk.pipelineSlugs()) {
        Pipeline p = index.bySlug(slug);
        if (p == null) {
          warnings.add("entity " + entity.tag() + " lists pipeline slug '" + slug
              + "', which the organization does not have");
        } else {
          add(linked, why, p, LinkReason.LISTED_SLUG);
        }
      }
      for (String tag : bk.tags()) {
        List<Pipeline> tagged = index.byTag(tag);
        if (tagged.isEmpty()) {
          warnings.add("entity " + entity.tag() + " lists Buildkite tag '" + tag + "', which no pipeline carries");
        }
        tagged.forEach(p -> add(linked, why, p, LinkReason.LISTED_TAG));
      }
    } else {
      Pipeline p = index.bySlug(entity.tag());
      if (p != null) {
        add(linked, why, p, LinkReason.ENTITY_TAG_SLUG);
      }
      index.byTag(entity.tag()).forEach(t -> add(linked, why, t, LinkReason.ENTITY_TAG_TAG));
    }
    index.byRepository(entity.repositoryKey()).forEach(p -> add(linked, why, p, LinkReason.REPOSITORY));
    return new Linkage(entity.tag(), new ArrayList<>(linked.values()), why, warnings, bk != null);
  }

  private static void add(Map<String, Pipeline> linked, Map<String, Set<LinkReason>> why, Pipeline p, LinkReason r) {
    linked.putIfAbsent(p.slug(), p);
    why.computeIfAbsent(p.slug(), k -> EnumSet.noneOf(LinkReason.class)).add(r);
  }
}
