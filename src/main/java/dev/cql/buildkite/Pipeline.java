package dev.cql.buildkite;

import java.time.Instant;
import java.util.List;

/**
 * A Buildkite pipeline as the engine sees it: the fields of GET /v2/organizations/{org}/pipelines that
 * CQL exposes. Missing fields are null; {@code tags} is never null.
 *
 * @param provider the provider id ({@code provider.id} in the API: github, gitlab, bitbucket, ...)
 * @param gitRepository {@code repository} normalised to {@code owner/repo} (lower case; Azure keeps
 *     {@code org/project/repo}), or null when it cannot be normalised
 */
public record Pipeline(
    String id,
    String graphqlId,
    String slug,
    String name,
    String description,
    String repository,
    String gitRepository,
    List<String> tags,
    String defaultBranch,
    String webUrl,
    String url,
    Instant createdAt,
    String provider) {

  public Pipeline {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
