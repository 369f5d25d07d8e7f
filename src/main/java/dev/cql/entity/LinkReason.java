package dev.cql.entity;

/** Why a pipeline is linked to an entity (the rules of "The buildkite namespace" in the dialect record). */
public enum LinkReason {
  /** Rule 1: its slug is listed under the entity's {@code buildkite.pipelines}. */
  LISTED_SLUG("slug listed in the descriptor"),
  /** Rule 1: it carries a Buildkite tag listed under the entity's {@code buildkite.tags}. */
  LISTED_TAG("Buildkite tag listed in the descriptor"),
  /** Rule 2 (no buildkite block): its slug equals the entity tag. */
  ENTITY_TAG_SLUG("slug equals the entity tag"),
  /** Rule 2 (no buildkite block): it carries the entity tag as a Buildkite tag. */
  ENTITY_TAG_TAG("carries the entity tag as a Buildkite tag"),
  /** Rule 3: it builds the entity's repository. */
  REPOSITORY("builds the entity's repository");

  private final String description;

  LinkReason(String description) {
    this.description = description;
  }

  /** A short human phrase, e.g. "builds the entity's repository". */
  public String description() {
    return description;
  }
}
