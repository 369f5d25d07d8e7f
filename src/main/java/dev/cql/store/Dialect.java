package dev.cql.store;

/** The two engines a {@link BuildStore} runs on, and the little SQL that differs between them. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String id;

  Dialect(String id) {
    this.id = id;
  }

  /** The folder of this engine's Flyway migrations. */
  String migrations() {
    return "classpath:dev/cql/store/migration/" + id;
  }

  /** {@code position > 0} of a text inside a column, case-sensitive. */
  String contains(String column) {
    return this == SQLITE ? "instr(" + column + ", ?) > 0" : "strpos(" + column + ", ?) > 0";
  }

  /** A case-sensitive wildcard match where the pattern's {@code *} matches any run of characters. */
  String glob(String column) {
    return this == SQLITE ? column + " GLOB ?" : column + " LIKE ? ESCAPE '\\'";
  }

  /** A Buildkite branch pattern ({@code *} = any run of characters) as this engine's pattern. */
  String globPattern(String branch) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < branch.length(); i++) {
      char c = branch.charAt(i);
      if (this == SQLITE) {
        switch (c) {
          case '?' -> sb.append("[?]");
          case '[' -> sb.append("[[]");
          default -> sb.append(c); // '*' keeps its meaning; ']' alone is literal
        }
      } else {
        switch (c) {
          case '*' -> sb.append('%');
          case '%', '_', '\\' -> sb.append('\\').append(c);
          default -> sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
