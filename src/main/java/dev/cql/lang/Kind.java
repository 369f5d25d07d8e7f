package dev.cql.lang;

/** The kinds of CQL value. */
public enum Kind {
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

  public static final Kind[] ALL = values();

  private final String word;

  Kind(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
