package dev.cql.buildkite;

import java.time.Instant;
import java.util.List;

/**
 * The server-side filters of a builds listing, as Buildkite has them. {@code pipeline} null lists the
 * whole organization (GET /v2/organizations/{org}/builds), otherwise one pipeline's builds. Empty lists
 * and null instants mean "no filter". {@code createdFrom} and {@code finishedFrom} are inclusive,
 * {@code createdTo} exclusive; {@code commits} must be full SHAs (Buildkite does not match prefixes);
 * {@code branches} may use the {@code *} wildcard.
 */
public record BuildQuery(
    String pipeline,
    List<String> branches,
    List<String> commits,
    List<String> states,
    Instant createdFrom,
    Instant createdTo,
    Instant finishedFrom,
    boolean excludeJobs) {

  public BuildQuery {
    branches = branches == null ? List.of() : List.copyOf(branches);
    commits = commits == null ? List.of() : List.copyOf(commits);
    states = states == null ? List.of() : List.copyOf(states);
  }

  /** Every build of the organization, without jobs. */
  public static BuildQuery organization() {
    return new BuildQuery(null, List.of(), List.of(), List.of(), null, null, null, true);
  }

  /** Every build of one pipeline, without jobs. */
  public static BuildQuery pipeline(String slug) {
    return organization().withPipeline(slug);
  }

  public BuildQuery withPipeline(String slug) {
    return new BuildQuery(slug, branches, commits, states, createdFrom, createdTo, finishedFrom, excludeJobs);
  }

  public BuildQuery withBranches(String... values) {
    return new BuildQuery(pipeline, List.of(values), commits, states, createdFrom, createdTo, finishedFrom, excludeJobs);
  }

  public BuildQuery withCommits(String... values) {
    return new BuildQuery(pipeline, branches, List.of(values), states, createdFrom, createdTo, finishedFrom, excludeJobs);
  }

  public BuildQuery withStates(String... values) {
    return new BuildQuery(pipeline, branches, commits, List.of(values), createdFrom, createdTo, finishedFrom, excludeJobs);
  }

  public BuildQuery withCreatedFrom(Instant t) {
    return new BuildQuery(pipeline, branches, commits, states, t, createdTo, finishedFrom, excludeJobs);
  }

  public BuildQuery withCreatedTo(Instant t) {
    return new BuildQuery(pipeline, branches, commits, states, createdFrom, t, finishedFrom, excludeJobs);
  }

  public BuildQuery withFinishedFrom(Instant t) {
    return new BuildQuery(pipeline, branches, commits, states, createdFrom, createdTo, t, excludeJobs);
  }

  public BuildQuery withExcludeJobs(boolean exclude) {
    return new BuildQuery(pipeline, branches, commits, states, createdFrom, createdTo, finishedFrom, exclude);
  }
}
