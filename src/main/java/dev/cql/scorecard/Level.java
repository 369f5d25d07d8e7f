package dev.cql.scorecard;

/**
 * A level of a scorecard's ladder.
 *
 * @param rank 1 is the lowest level; an entity must pass every rule of a level and of all lower levels to hold it
 * @param color as written in the file (e.g. {@code #c38b5f}), or null
 */
public record Level(String name, int rank, String description, String color) {}
