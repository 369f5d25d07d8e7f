package dev.cql.entity;

import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RepositoryKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An organization's pipelines indexed by slug, Buildkite tag and repository key, built once per pipeline list so
 * that linking each entity costs a few map look-ups. Immutable and thread-safe.
 */
public final class PipelineIndex {

  private final List<Pipeline> pipelines; // by slug
  private final Map<String, Pipeline> bySlug;
  private final Map<String, List<Pipeline>> byTag;
  private final Map<String, List<Pipeline>> byRepoKey;
  /** Azure pipelines ({@code org/project/repo}) also by {@code project/repo}: see RepositoryKey.sameRepository. */
  private final Map<String, List<Pipeline>> byAzureSuffix;

  private PipelineIndex(Collection<Pipeline> all) {
    Map<String, Pipeline> slugs = new LinkedHashMap<>();
    for (Pipeline p : all) {
      if (p.slug() != null) {
        slugs.putIfAbsent(p.slug(), p);
      }
    }
    List<Pipeline> sorted = new ArrayList<>(slugs.values());
    sorted.sort(Comparator.comparing(Pipeline::slug));
    Map<String, List<Pipeline>> tags = new HashMap<>();
    Map<String, List<Pipeline>> repos = new HashMap<>();
    Map<String, List<Pipeline>> azure = new HashMap<>();
    for (Pipeline p : sorted) {
      for (String t : p.tags()) {
        List<Pipeline> l = tags.computeIfAbsent(t, k -> new ArrayList<>());
        if (!l.contains(p)) {
          l.add(p);
        }
      }
      String key = key(p);
      if (key != null) {
        repos.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        String[] parts = key.split("/");
        if (parts.length == 3) {
          azure.computeIfAbsent(parts[1] + "/" + parts[2], k -> new ArrayList<>()).add(p);
        }
      }
    }
    this.pipelines = List.copyOf(sorted);
    this.bySlug = Map.copyOf(slugs);
    this.byTag = freeze(tags);
    this.byRepoKey = freeze(repos);
    this.byAzureSuffix = freeze(azure);
  }

  public static PipelineIndex of(Collection<Pipeline> pipelines) {
    return new PipelineIndex(pipelines);
  }

  /**
   * A pipeline's repository key: {@link RepositoryKey#fromUrl} of its {@code repository}, falling back to its
   * {@code gitRepository} (lower-cased) when the URL cannot be read.
   */
  public static String key(Pipeline p) {
    String k = RepositoryKey.fromUrl(p.repository());
    if (k == null && p.gitRepository() != null && !p.gitRepository().isBlank()) {
      k = p.gitRepository().strip().toLowerCase(Locale.ROOT);
    }
    return k;
  }

  /** Every pipeline, ordered by slug (a repeated slug keeps its first pipeline). */
  public List<Pipeline> pipelines() {
    return pipelines;
  }

  public Pipeline bySlug(String slug) {
    return slug == null ? null : bySlug.get(slug);
  }

  /** The pipelines carrying this Buildkite tag (exact match), by slug. */
  public List<Pipeline> byTag(String tag) {
    return byTag.getOrDefault(tag, List.of());
  }

  /** The pipelines whose repository is the entity repository key's ({@link RepositoryKey#sameRepository}), by slug. */
  public List<Pipeline> byRepository(String entityKey) {
    if (entityKey == null) {
      return List.of();
    }
    List<Pipeline> exact = byRepoKey.getOrDefault(entityKey, List.of());
    List<Pipeline> suffix = entityKey.split("/").length == 2 ? byAzureSuffix.getOrDefault(entityKey, List.of()) : List.of();
    if (suffix.isEmpty()) {
      return exact;
    }
    List<Pipeline> out = new ArrayList<>(exact);
    for (Pipeline p : suffix) {
      if (!out.contains(p) && RepositoryKey.sameRepository(entityKey, key(p))) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing(Pipeline::slug));
    return out;
  }

  private static Map<String, List<Pipeline>> freeze(Map<String, List<Pipeline>> m) {
    Map<String, List<Pipeline>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }
}
