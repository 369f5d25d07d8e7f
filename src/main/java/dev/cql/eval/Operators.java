package dev.cql.eval;

import dev.cql.api.error.Span;
import dev.cql.lang.Num;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The semantics of CQL's operators over runtime values. */
public final class Operators {

  /** Longest string or list an operator may build. */
  public static final int MAX_SIZE = dev.cql.lang.Limit.VALUE_SIZE.intValue();

  private Operators() {}

  public static Object add(Object a, Object b, Span span) {
    if (a instanceof Long x && b instanceof Long y) {
      long r = x + y;
      if (((x ^ r) & (y ^ r)) >= 0) {
        return r;
      }
    }
    if (Num.isNumber(a) && Num.isNumber(b)) {
      try {
        return Num.add(a, b);
      } catch (ArithmeticException e) {
        throw arithmetic(e, span);
      }
    }
    if (a instanceof String s && b instanceof String t) {
      if ((long) s.length() + t.length() > MAX_SIZE) {
        throw Errors.limit(span, "the string would be longer than " + MAX_SIZE + " characters; " + dev.cql.lang.Limit.VALUE_SIZE.explain());
      }
      return s.concat(t);
    }
    if (a instanceof List<?> l && b instanceof List<?> m) {
      if ((long) l.size() + m.size() > MAX_SIZE) {
        throw Errors.limit(span, "the list would have more than " + MAX_SIZE + " elements; " + dev.cql.lang.Limit.VALUE_SIZE.explain());
      }
      List<Object> out = new ArrayList<>(l.size() + m.size());
      out.addAll(l);
      out.addAll(m);
      return Collections.unmodifiableList(out);
    }
    try {
      if (a instanceof Instant i && b instanceof Duration d) {
        return i.plus(d);
      }
      if (a instanceof Duration d && b instanceof Instant i) {
        return i.plus(d);
      }
      if (a instanceof Instant i && b instanceof CalendarDuration c) {
        return c.addTo(i);
      }
      if (a instanceof CalendarDuration c && b instanceof Instant i) {
        return c.addTo(i);
      }
      if (isDuration(a) && isDuration(b)) {
        return CalendarDuration.nominal(a).plus(CalendarDuration.nominal(b));
      }
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw Errors.arithmetic(span, "the datetime or duration is out of range");
    }
    throw mismatch("+", a, b, span, "adds numbers, joins two strings or two lists, or adds a duration to a datetime");
  }

  public static Object sub(Object a, Object b, Span span) {
    if (a instanceof Long x && b instanceof Long y) {
      long r = x - y;
      if (((x ^ y) & (x ^ r)) >= 0) {
        return r;
      }
    }
    if (Num.isNumber(a) && Num.isNumber(b)) {
      try {
        return Num.sub(a, b);
      } catch (ArithmeticException e) {
        throw arithmetic(e, span);
      }
    }
    try {
      if (a instanceof Instant i && b instanceof Instant j) {
        return Duration.between(j, i);
      }
      if (a instanceof Instant i && b instanceof Duration d) {
        return i.minus(d);
      }
      if (a instanceof Instant i && b instanceof CalendarDuration c) {
        return c.subtractFrom(i);
      }
      if (isDuration(a) && isDuration(b)) {
        return CalendarDuration.nominal(a).minus(CalendarDuration.nominal(b));
      }
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw Errors.arithmetic(span, "the datetime or duration is out of range");
    }
    throw mismatch("-", a, b, span, "subtracts numbers, datetimes (giving a duration) or durations");
  }

  public static Object mul(Object a, Object b, Span span) {
    if (a instanceof Long x && b instanceof Long y) {
      long hi = Math.multiplyHigh(x, y);
      long lo = x * y;
      if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
        return lo;
      }
    }
    if (Num.isNumber(a) && Num.isNumber(b)) {
      try {
        return Num.mul(a, b);
      } catch (ArithmeticException e) {
        throw arithmetic(e, span);
      }
    }
    throw mismatch("*", a, b, span, "multiplies numbers");
  }

  public static Object div(Object a, Object b, Span span) {
    if (Num.isNumber(a) && Num.isNumber(b)) {
      if (Num.isZero(b)) {
        throw Errors.arithmetic(span, "division by zero");
      }
      try {
        return Num.div(a, b);
      } catch (ArithmeticException e) {
        throw arithmetic(e, span);
      }
    }
    throw mismatch("/", a, b, span, "divides numbers");
  }

  public static Object mod(Object a, Object b, Span span) {
    if (Num.isNumber(a) && Num.isNumber(b)) {
      if (Num.isZero(b)) {
        throw Errors.arithmetic(span, "remainder of division by zero");
      }
      try {
        return Num.mod(a, b);
      } catch (ArithmeticException e) {
        throw arithmetic(e, span);
      }
    }
    throw mismatch("%", a, b, span, "takes the remainder of numbers");
  }

  public static Object negate(Object a, Span span) {
    if (a instanceof Long || a instanceof java.math.BigDecimal) {
      return Num.negate((Number) a);
    }
    try {
      if (a instanceof Duration d) {
        return d.negated();
      }
      if (a instanceof CalendarDuration c) {
        return c.negated();
      }
    } catch (ArithmeticException e) {
      throw Errors.arithmetic(span, "the duration is out of range");
    }
    throw Errors.type(span, "'-' negates a number or a duration, not " + Errors.a(a));
  }

  /** A duration value: exact, or with months. */
  public static boolean isDuration(Object v) {
    return v instanceof Duration || v instanceof CalendarDuration;
  }

  private static RuntimeException arithmetic(ArithmeticException e, Span span) {
    if (e instanceof Num.DigitsLimit) {
      return Errors.limit(span, e.getMessage());
    }
    return Errors.arithmetic(span, e.getMessage() == null ? "arithmetic overflow" : e.getMessage());
  }

  /** Orders two values of the same comparable kind; anything else, null included, is a type error. */
  public static int compare(Object a, Object b, Span span) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (Num.isNumber(a) && Num.isNumber(b)) {
      return Num.compare(a, b);
    }
    if (a instanceof String s && b instanceof String t) {
      return Values.compareStrings(s, t);
    }
    if (a instanceof Instant i && b instanceof Instant j) {
      return i.compareTo(j);
    }
    if (a instanceof Duration d && b instanceof Duration e) {
      return d.compareTo(e);
    }
    if (isDuration(a) && isDuration(b)) {
      try {
        return CalendarDuration.nominal(a).compareTo(CalendarDuration.nominal(b));
      } catch (ArithmeticException e) {
        throw Errors.arithmetic(span, "the duration is out of range");
      }
    }
    String hint = "";
    if ((a instanceof Instant && b instanceof String) || (a instanceof String && b instanceof Instant)) {
      hint = " (write datetime(\"...\") to compare with a datetime)";
    } else if ((isDuration(a) && b instanceof String) || (a instanceof String && isDuration(b))) {
      hint = " (write duration(\"...\") to compare with a duration)";
    } else if (a == null || b == null) {
      hint = " (test for null first, e.g. x != null AND x > 1)";
    }
    throw Errors.type(span, "cannot order " + Errors.a(a) + " and " + Errors.a(b)
        + ": comparisons take two numbers, strings, datetimes or durations" + hint);
  }

  /** {@code x in y}: membership in a list or set, substring of a string, key of an object. */
  public static boolean in(Object x, Object y, Span span) {
    if (y instanceof Collection<?> c) {
      return c.contains(x);
    }
    if (y instanceof String s) {
      if (x instanceof String t) {
        return s.contains(t);
      }
      throw Errors.type(span, "'in' with a string on the right needs a string on the left, not " + Errors.a(x));
    }
    if (y instanceof Map<?, ?> || y instanceof CqlObject) {
      if (x instanceof String k) {
        return y instanceof CqlObject o ? o.hasField(k) : ((Map<?, ?>) y).containsKey(k);
      }
      throw Errors.type(span, "'in' with an object on the right needs a string key on the left, not " + Errors.a(x));
    }
    throw Errors.type(span, "'in' needs a list, set, string or object on the right, not " + Errors.a(y));
  }

  /**
   * Reads a field: an absent map key gives null; an unknown field of a pipeline or build is an
   * unknown-name error; null is a null-value error.
   */
  public static Object field(Object target, String name, Span span, boolean viaDot) {
    if (target instanceof Map<?, ?> m) {
      return m.get(name);
    }
    if (target instanceof CqlObject o) {
      if (o.hasField(name)) {
        return o.field(name);
      }
      throw Errors.unknownName(span, dev.cql.lang.ObjectType.unknownField(o.typeName(), name, o.fieldNames()));
    }
    if (target == null) {
      throw Errors.nullValue(span, "cannot read the field '" + name + "' of null");
    }
    throw Errors.type(span, "cannot read the field '" + name + "' of " + Errors.a(target)
        + (viaDot ? "" : "; only objects have fields"));
  }

  /** {@code target[index]}. */
  public static Object index(Object target, Object index, Span span) {
    if (target instanceof List<?> l) {
      if (index instanceof java.math.BigDecimal d && d.scale() <= 0) {
        // canonical numbers are Longs whenever they fit: an integral BigDecimal is beyond any list's range
        throw Errors.index(span, "index " + Num.format(d) + " is out of range for a list of " + l.size() + " element"
            + (l.size() == 1 ? "" : "s"));
      }
      if (!(index instanceof Long)) {
        throw Errors.type(span, "a list index must be an integer, not " + Errors.a(index));
      }
      long i = (Long) index;
      long at = i < 0 ? i + l.size() : i;
      if (at < 0 || at >= l.size()) {
        throw Errors.index(span, "index " + i + " is out of range for a list of " + l.size() + " element"
            + (l.size() == 1 ? "" : "s"));
      }
      return l.get((int) at);
    }
    if (target instanceof Map<?, ?> || target instanceof CqlObject) {
      if (!(index instanceof String k)) {
        throw Errors.type(span, "an object is indexed by a string key, not " + Errors.a(index));
      }
      return field(target, k, span, false);
    }
    if (target == null) {
      throw Errors.nullValue(span, "cannot index null");
    }
    if (target instanceof Set) {
      throw Errors.type(span, "a set has no order and cannot be indexed; use a list");
    }
    throw Errors.type(span, "cannot index " + Errors.a(target) + "; only lists and objects can be indexed");
  }

  private static RuntimeException mismatch(String op, Object a, Object b, Span span, String what) {
    return Errors.type(span, "'" + op + "' cannot combine " + Errors.a(a) + " and " + Errors.a(b) + ": it " + what);
  }
}
