package dev.cql.entity;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Cortex catalog entity, read from its descriptor (see {@link DescriptorParser}). Immutable: the lists and
 * maps are unmodifiable, the descriptor tree too.
 *
 * @param tag {@code info.x-cortex-tag}
 * @param title {@code info.title} (the entity's name; the tag when the descriptor has no title)
 * @param type {@code info.x-cortex-type}, {@code service} when absent (as Cortex)
 * @param description {@code info.description}, or null
 * @param groups {@code info.x-cortex-groups}, in descriptor order
 * @param git the {@code info.x-cortex-git} block, or null
 * @param buildkite the {@code info.x-cortex-ci-cd.buildkite} (or {@code x-cortex-ci.buildkite}) block, or null
 *     when the descriptor has none
 * @param customMetadata {@code info.x-cortex-custom-metadata} as written (entries may be {@code {value,
 *     description}} maps; {@link #custom(String)} unwraps them)
 * @param descriptor the whole descriptor as a plain tree: maps with String keys (insertion-ordered), lists,
 *     String, Long, BigDecimal, Boolean and null (YAML dates stay strings)
 * @param source where the descriptor came from: a file path or {@code classpath:} resource name
 */
public record Entity(
    String tag,
    String title,
    String type,
    String description,
    List<String> groups,
    Git git,
    BuildkiteBlock buildkite,
    Map<String, Object> customMetadata,
    Map<String, Object> descriptor,
    String source) {

  /**
   * An entity's repository.
   *
   * @param provider github, gitlab, bitbucket or azure
   * @param repository the repository as written ({@code owner/repo}; for Azure the {@code repository} field)
   * @param project the Azure DevOps project, or null for the other providers
   * @param key {@link dev.cql.buildkite.RepositoryKey#fromEntity} of the repository (for Azure of
   *     {@code project/repository}); null when it names nothing
   */
  public record Git(String provider, String repository, String project, String key) {}

  /**
   * An entity's Buildkite block.
   *
   * @param pipelineSlugs the slugs listed under {@code pipelines: [{slug: ...}]}, deduplicated, in order
   * @param tags the Buildkite tags listed under {@code tags: [{tag: ...}]}, deduplicated, in order
   * @param blockName {@code x-cortex-ci-cd} or {@code x-cortex-ci}: where the block was found
   */
  public record BuildkiteBlock(List<String> pipelineSlugs, List<String> tags, String blockName) {
    public BuildkiteBlock {
      pipelineSlugs = List.copyOf(pipelineSlugs);
      tags = List.copyOf(tags);
    }
  }

  public Entity {
    if (tag == null || tag.isEmpty()) {
      throw new IllegalArgumentException("an entity needs a tag");
    }
    title = title == null ? tag : title;
    type = type == null ? "service" : type;
    groups = groups == null ? List.of() : List.copyOf(groups);
    customMetadata = customMetadata == null ? Map.of() : customMetadata;
    descriptor = descriptor == null ? Map.of() : descriptor;
  }

  /** The entity's name: its descriptor's title. */
  public String name() {
    return title;
  }

  public boolean hasBuildkiteBlock() {
    return buildkite != null;
  }

  /** The entity's repository key, or null when it has no (usable) {@code x-cortex-git}. */
  public String repositoryKey() {
    return git == null ? null : git.key();
  }

  public boolean hasGroup(String group) {
    return groups.contains(group);
  }

  /**
   * {@code custom("key")}: the custom metadata value; for a {@code {value: v, description: d}} entry, v;
   * null when absent.
   */
  public Object custom(String key) {
    Object v = customMetadata.get(key);
    if (v instanceof Map<?, ?> m && m.containsKey("value") && Set.of("value", "description").containsAll(m.keySet())) {
      return m.get("value");
    }
    return v;
  }
}
