package dev.cql.scorecard;

/**
 * A problem found when loading a scorecard file: an error (the file is refused) or a warning.
 *
 * @param line 1-based line in the scorecard file
 * @param column 1-based column in the scorecard file
 * @param kind {@code scorecard} for a problem with the file's structure, or the CQL error kind ({@code syntax},
 *     {@code unknown-name}, ...) for an expression that does not compile; null for a warning
 * @param rule the title of the rule the problem is in (for a filter query, e.g. {@code filter}), or null
 */
public record Problem(Severity severity, String file, int line, int column, String kind, String rule, String message,
    String sourceLine) {

  public enum Severity { ERROR, WARNING }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code error[KIND] FILE:LINE:COL: rule "TITLE": message} (or {@code warning FILE:...}), then the file's line
   * and a caret under the column.
   */
  public String render() {
    StringBuilder sb = new StringBuilder(isError() ? "error[" + kind + "]" : "warning");
    sb.append(' ').append(file).append(':').append(line).append(':').append(column).append(": ");
    if (rule != null) {
      sb.append(rule).append(": ");
    }
    sb.append(message);
    if (sourceLine != null) {
      String shown = sourceLine.replace('\t', ' ');
      sb.append('\n').append(shown).append('\n');
      sb.append(" ".repeat(Math.max(0, Math.min(column, shown.length() + 1) - 1))).append('^');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return (isError() ? "error[" + kind + "] " : "warning ") + line + ":" + column + ": "
        + (rule == null ? "" : rule + ": ") + message;
  }
}
