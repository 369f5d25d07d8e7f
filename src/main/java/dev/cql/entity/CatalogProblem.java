package dev.cql.entity;

/**
 * Something wrong with an entity descriptor, found while loading a catalog. An {@link Severity#ERROR}
 * means the descriptor (or the duplicate) was skipped; a {@link Severity#WARNING} means it loaded anyway.
 *
 * @param file the descriptor's file path or resource name, as the catalog was given it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record CatalogProblem(Severity severity, String file, int line, int column, String message) {

  public enum Severity { ERROR, WARNING }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line:col: error: message} (the position is left out when unknown). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ").append(message).toString();
  }
}
