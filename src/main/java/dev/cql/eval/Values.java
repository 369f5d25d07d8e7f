package dev.cql.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cql.lang.Kind;
import dev.cql.lang.Literals;
import dev.cql.lang.Num;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The runtime representation of CQL values is plain Java objects: null, Boolean, Long or BigDecimal (see
 * {@link Num}), String, unmodifiable List, unmodifiable Set, unmodifiable Map with String keys, Instant,
 * Duration, {@link CqlObject} and {@link CqlNamespace}. Numbers are always canonical, so deep equality is
 * {@link Objects#equals}.
 */
public final class Values {

  private Values() {}

  public static Kind kind(Object v) {
    if (v == null) {
      return Kind.NULL;
    }
    if (v instanceof Boolean) {
      return Kind.BOOLEAN;
    }
    if (v instanceof Long || v instanceof java.math.BigDecimal) {
      return Kind.NUMBER;
    }
    if (v instanceof String) {
      return Kind.STRING;
    }
    if (v instanceof List) {
      return Kind.LIST;
    }
    if (v instanceof Set) {
      return Kind.SET;
    }
    if (v instanceof Map || v instanceof CqlObject) {
      return Kind.OBJECT;
    }
    if (v instanceof Instant) {
      return Kind.DATETIME;
    }
    if (v instanceof Duration || v instanceof CalendarDuration) {
      return Kind.DURATION;
    }
    if (v instanceof CqlNamespace) {
      return Kind.NAMESPACE;
    }
    throw new IllegalStateException("not a CQL value: " + v.getClass().getName());
  }

  /** Whether a value is of a kind, without working out its kind when a class test answers. */
  public static boolean isKind(Object v, Kind k) {
    return switch (k) {
      case NULL -> v == null;
      case BOOLEAN -> v instanceof Boolean;
      case NUMBER -> v instanceof Long || v instanceof java.math.BigDecimal;
      case STRING -> v instanceof String;
      case LIST -> v instanceof List;
      case DATETIME -> v instanceof Instant;
      default -> v != null && kind(v) == k;
    };
  }

  /** The word for a value's kind in messages: "number", "list", or an object's type name. */
  public static String kindWord(Object v) {
    if (v instanceof CqlObject o) {
      return o.typeName();
    }
    if (v instanceof CqlNamespace n) {
      return "the " + n.namespaceName() + " namespace";
    }
    return kind(v).word();
  }

  public static boolean equal(Object a, Object b) {
    return Objects.equals(a, b);
  }

  /** Code-point order of two strings. */
  public static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A caller's decimal in canonical form (a Long when integral), or a {@code data} error beyond CQL's range. */
  public static Object fromDecimal(java.math.BigDecimal d) {
    Object num = Num.normalize(d);
    return num instanceof java.math.BigDecimal b ? inRange(b) : num;
  }

  private static java.math.BigDecimal inRange(java.math.BigDecimal d) {
    if (!Num.inRange(d)) {
      String text = d.toString();
      throw new dev.cql.api.error.CqlException(dev.cql.api.error.ErrorKind.DATA, dev.cql.api.error.Span.NONE,
          "the data holds a number beyond CQL's range (exponent within ±" + Num.MAX_EXPONENT + "): "
              + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
    }
    return d;
  }

  /** Converts a plain Java value to a CQL value; rejects anything else (there is no reflection). */
  public static Object fromJava(Object v) {
    if (v == null || v instanceof Boolean || v instanceof String || v instanceof Instant || v instanceof Duration
        || v instanceof CalendarDuration        || v instanceof CqlObject || v instanceof CqlNamespace || v instanceof Long) {
      return v;
    }
    if (v instanceof Number n) {
      Object num;
      try {
        num = Num.of(n);
      } catch (IllegalArgumentException e) {
        throw new dev.cql.api.error.CqlException(dev.cql.api.error.ErrorKind.DATA, dev.cql.api.error.Span.NONE,
            "the data holds a number that is not finite (" + n + "); CQL numbers are finite decimals");
      }
      return num instanceof java.math.BigDecimal d ? inRange(d) : num;
    }
    if (v instanceof java.time.Period p) {
      return CalendarDuration.of(p.toTotalMonths(), Duration.ofDays(p.getDays()));
    }
    if (v instanceof CharSequence || v instanceof Character) {
      return v.toString();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("object keys must be strings, not " + e.getKey());
        }
        out.put(key, fromJava(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof Set<?> s) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object o : s) {
        out.add(fromJava(o));
      }
      return Collections.unmodifiableSet(out);
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object o : c) {
        out.add(fromJava(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Object[] arr) {
      return fromJava(java.util.Arrays.asList(arr));
    }
    if (v instanceof JsonNode j) {
      return fromJson(j);
    }
    throw new IllegalArgumentException("cannot bind a " + v.getClass().getName()
        + " as a CQL value: use Map, List, Set, String, Number, Boolean, null, Instant or Duration");
  }

  /** A number from data, normalised; a {@code data} error when it is beyond CQL's number range. */
  private static Object inRange(java.math.BigDecimal d, JsonNode j) {
    if (!Num.inRange(d)) {
      String text = j.asText();
      throw new dev.cql.api.error.CqlException(dev.cql.api.error.ErrorKind.DATA, dev.cql.api.error.Span.NONE,
          "the data holds a number beyond CQL's range (exponent within ±" + Num.MAX_EXPONENT + "): "
              + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
    }
    return Num.normalize(d);
  }

  public static Object fromJson(JsonNode j) {
    if (j == null || j.isNull() || j.isMissingNode()) {
      return null;
    }
    if (j.isBoolean()) {
      return j.booleanValue();
    }
    if (j.isIntegralNumber()) {
      return j.canConvertToLong() ? (Object) j.longValue() : inRange(new java.math.BigDecimal(j.bigIntegerValue()), j);
    }
    if (j.isNumber()) {
      if ((j.isDouble() || j.isFloat()) && !Double.isFinite(j.doubleValue())) {
        throw new dev.cql.api.error.CqlException(dev.cql.api.error.ErrorKind.DATA, dev.cql.api.error.Span.NONE,
            "the data holds a number that is not finite (" + j.asText() + "); CQL numbers are finite decimals");
      }
      return inRange(j.decimalValue(), j);
    }
    if (j.isTextual()) {
      return j.textValue();
    }
    if (j.isArray()) {
      List<Object> out = new ArrayList<>(j.size());
      for (JsonNode e : j) {
        out.add(fromJson(e));
      }
      return Collections.unmodifiableList(out);
    }
    if (j.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = j.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), fromJson(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    return j.asText();
  }

  /**
   * The value as plain JSON-ready Java: sets become lists, datetimes ISO-8601 strings ending in Z, durations
   * ISO-8601, objects maps of their fields.
   */
  public static Object toPlain(Object v) {
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof Duration d) {
      return formatDuration(d);
    }
    if (v instanceof CalendarDuration c) {
      return c.toString();
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object o : c) {
        out.add(toPlain(o));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put((String) k, toPlain(x)));
      return out;
    }
    if (v instanceof CqlObject o) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (String f : o.fieldNames()) {
        out.put(f, toPlain(o.field(f)));
      }
      return out;
    }
    if (v instanceof CqlNamespace n) {
      return "<" + n.namespaceName() + ">";
    }
    return v;
  }

  /** The text form the CLI and REPL print. */
  public static String format(Object v) {
    StringBuilder sb = new StringBuilder();
    format(v, sb);
    return sb.toString();
  }

  private static void format(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      Literals.quote(s, sb);
    } else if (v instanceof Long || v instanceof java.math.BigDecimal) {
      sb.append(Num.format(v));
    } else if (v instanceof List<?> l) {
      sb.append('[');
      joinTo(l, sb);
      sb.append(']');
    } else if (v instanceof Set<?> s) {
      sb.append('{');
      joinTo(s, sb);
      sb.append('}');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        Literals.quote((String) e.getKey(), sb);
        sb.append(": ");
        format(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof Duration d) {
      sb.append(formatDuration(d));
    } else if (v instanceof CalendarDuration c) {
      sb.append(c);
    } else if (v instanceof CqlObject o) {
      sb.append(o.describe());
    } else if (v instanceof CqlNamespace n) {
      sb.append('<').append(n.namespaceName()).append('>');
    } else {
      sb.append(v);
    }
  }

  private static void joinTo(Collection<?> c, StringBuilder sb) {
    boolean first = true;
    for (Object o : c) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      format(o, sb);
    }
  }

  /** ISO-8601 with the sign in front for negatives ({@code -PT744H}), which Duration.parse reads back. */
  public static String formatDuration(Duration d) {
    return d.isNegative() ? "-" + d.negated().toString() : d.toString();
  }

  public static List<Object> list(List<Object> mutable) {
    return Collections.unmodifiableList(mutable);
  }
}
