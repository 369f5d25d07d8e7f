package dev.cql.lang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact decimal arithmetic with a long fast path. A number is a {@link Long} when it is an integer that
 * fits, and otherwise a {@link BigDecimal} with trailing zeros stripped; every producer normalises, so two
 * equal numbers are always {@code equals()} and hash alike. Integer results of {@code + - *} are exact;
 * other results are rounded to 34 significant digits (decimal128). Magnitudes are bounded (exponent
 * within ±6144) so that no operation can allocate without limit.
 */
public final class Num {

  public static final MathContext MC = MathContext.DECIMAL128;
  /** Largest decimal exponent a value may have (decimal128's). */
  public static final int MAX_EXPONENT = 6144;

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private Num() {}

  public static boolean isNumber(Object o) {
    return o instanceof Long || o instanceof BigDecimal;
  }

  /** Whether a decimal's magnitude lies within the supported exponent range. */
  public static boolean inRange(BigDecimal d) {
    if (d.signum() == 0) {
      return true;
    }
    long exponent = (long) d.precision() - d.scale() - 1;
    return exponent <= MAX_EXPONENT && exponent >= -MAX_EXPONENT;
  }

  /** The canonical form: Long when integral and in range, else stripped BigDecimal. */
  public static Object normalize(BigDecimal d) {
    if (d.signum() == 0) {
      return 0L;
    }
    if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
      if (d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0) {
        return d.longValue();
      }
      return d.stripTrailingZeros();
    }
    return d.stripTrailingZeros();
  }

  /** Converts any Java number to the canonical form. */
  public static Object of(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigDecimal d) {
      return normalize(d);
    }
    if (n instanceof BigInteger b) {
      return normalize(new BigDecimal(b));
    }
    double v = n.doubleValue();
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("CQL numbers are finite: " + v);
    }
    return normalize(BigDecimal.valueOf(v));
  }

  public static BigDecimal big(Object n) {
    return n instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) n;
  }

  public static Object negate(Number n) {
    if (n instanceof Long l) {
      return l == Long.MIN_VALUE ? normalize(BigDecimal.valueOf(l).negate()) : (Object) (-l);
    }
    return normalize(((BigDecimal) n).negate());
  }

  public static Object add(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      long r = x + y;
      if (((x ^ r) & (y ^ r)) >= 0) {
        return r;
      }
    }
    BigDecimal x = big(a);
    BigDecimal y = big(b);
    return isInteger(x) && isInteger(y) ? checked(x.add(y)) : checked(x.add(y, MC));
  }

  public static Object sub(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      long r = x - y;
      if (((x ^ y) & (x ^ r)) >= 0) {
        return r;
      }
    }
    BigDecimal x = big(a);
    BigDecimal y = big(b);
    return isInteger(x) && isInteger(y) ? checked(x.subtract(y)) : checked(x.subtract(y, MC));
  }

  public static Object mul(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      long hi = Math.multiplyHigh(x, y);
      long lo = x * y;
      if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
        return lo;
      }
    }
    BigDecimal x = big(a);
    BigDecimal y = big(b);
    if (exponent(x) + exponent(y) > MAX_EXPONENT + 1) {
      throw new ArithmeticException("the result is out of the number range (exponent beyond " + MAX_EXPONENT + ")");
    }
    return isInteger(x) && isInteger(y) ? checked(x.multiply(y)) : checked(x.multiply(y, MC));
  }

  /** Division; the caller has checked that b is not zero. */
  public static Object div(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y && y != 0 && x % y == 0 && !(x == Long.MIN_VALUE && y == -1)) {
      return x / y;
    }
    return checked(big(a).divide(big(b), MC));
  }

  /**
   * Remainder with the sign of the dividend (like Java and CEL); the caller has checked b is not zero. Exact
   * whatever the operands' magnitudes ({@code 1e35 % 7} is 5): the integer quotient is never rounded.
   */
  public static Object mod(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y && y != 0) {
      return y == -1 ? 0L : x % y;
    }
    return checked(big(a).remainder(big(b)));
  }

  public static boolean isZero(Object n) {
    return n instanceof Long l ? l == 0 : ((BigDecimal) n).signum() == 0;
  }

  public static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    return big(a).compareTo(big(b));
  }

  /** Checks the range; integers stay exact, other results are rounded to 34 significant digits. */
  private static Object checked(BigDecimal r) {
    if (!inRange(r)) {
      throw new ArithmeticException("the result is out of the number range (exponent beyond " + MAX_EXPONENT + ")");
    }
    return normalize(isInteger(r) ? r : r.round(MC));
  }

  private static boolean isInteger(BigDecimal d) {
    return d.scale() <= 0 || d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static long exponent(BigDecimal d) {
    return d.signum() == 0 ? 0 : (long) d.precision() - d.scale() - 1;
  }

  /** The number as CQL prints it: integers without a fraction, no exponent unless it is huge. */
  public static String format(Object n) {
    if (n instanceof Long l) {
      return Long.toString(l);
    }
    BigDecimal d = (BigDecimal) n;
    long exponent = (long) d.precision() - d.scale() - 1;
    if (exponent > 40 || exponent < -20) {
      return d.toString();
    }
    return d.toPlainString();
  }

  /** The int value of an index or count argument, or null when it is not an integer in int range. */
  public static Integer intValue(Object n) {
    if (n instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    return null;
  }
}
