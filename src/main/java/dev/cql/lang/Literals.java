package dev.cql.lang;

/** How literal values (null, booleans, numbers, strings) are written in CQL source and in printed values. */
public final class Literals {

  private Literals() {}

  /** A literal as CQL source: {@code null}, {@code true}, {@code 12}, {@code "a\"b"}. */
  public static String format(Object literal) {
    if (literal instanceof String s) {
      StringBuilder sb = new StringBuilder(s.length() + 2);
      quote(s, sb);
      return sb.toString();
    }
    if (literal instanceof Long || literal instanceof java.math.BigDecimal) {
      return Num.format(literal);
    }
    return String.valueOf(literal);
  }

  /** Appends {@code s} in double quotes, escaping quotes, backslashes and control characters. */
  public static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
