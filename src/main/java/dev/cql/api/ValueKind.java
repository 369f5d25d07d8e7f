package dev.cql.api;

/** The kinds of CQL value, as {@link Value#kind()} reports them. */
public enum ValueKind {
  NULL("null"),
  BOOLEAN("boolean"),
  NUMBER("number"),
  STRING("string"),
  LIST("list"),
  SET("set"),
  OBJECT("object"),
  DATETIME("datetime"),
  DURATION("duration"),
  NAMESPACE("namespace");

  private final String word;

  ValueKind(String word) {
    this.word = word;
  }

  /** The kind as messages name it: "number", "list". */
  public String word() {
    return word;
  }
}
