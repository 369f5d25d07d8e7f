package dev.cql.lang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact decimal arithmetic with a long fast path. A number is a {@link Long} when it is an integer that
 * fits, and otherwise a {@link BigDecimal} with trailing zeros stripped; every producer normalises, so two
 * equal numbers are always {@code equals()} and hash alike. Results of {@code + - * %} are exact; only
 * division rounds, to 34 significant digits (decimal128, half-even), and an exact quotient with few digits
 * ({@code 7 / 2}) stays exact and cheap. Magnitudes are bounded (exponent within ±6144) and so is the
 * number of significant digits of an exact result ({@link #MAX_DIGITS}), so that no operation can allocate
 * without limit.
 */
public final class Num {

  public static final MathContext MC = MathContext.DECIMAL128;
  /** Largest decimal exponent a value may have (decimal128's). */
  public static final int MAX_EXPONENT = 6144;
  /** Most significant digits an exact result may have; more is a {@link DigitsLimit}. */
  public static final int MAX_DIGITS = 10_000;

  /** An exact result with more than {@link #MAX_DIGITS} significant digits (a limit, not an arithmetic error). */
  public static final class DigitsLimit extends ArithmeticException {
    DigitsLimit(int digits) {
      super("the exact result would have " + digits + " significant digits; the limit is " + MAX_DIGITS);
    }
  }

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
    BigDecimal stripped = d.scale() > 0 || d.precision() > 1 ? d.stripTrailingZeros() : d;
    if (stripped.scale() <= 0 && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
      return stripped.longValue();
    }
    return stripped;
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
    return exact(big(a).add(big(b)));
  }

  public static Object sub(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      long r = x - y;
      if (((x ^ y) & (x ^ r)) >= 0) {
        return r;
      }
    }
    return exact(big(a).subtract(big(b)));
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
    if ((long) x.precision() + y.precision() > MAX_DIGITS + 1) {
      throw new DigitsLimit(x.precision() + y.precision());
    }
    return exact(x.multiply(y));
  }

  /**
   * Division; the caller has checked that b is not zero. Integers dividing evenly stay on the long path; a
   * quotient of integers that terminates in a few decimals ({@code 7 / 2}) is computed exactly without
   * BigDecimal division; anything else is rounded to 34 significant digits, and stripped of zeros once.
   */
  public static Object div(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      if (x % y == 0 && !(x == Long.MIN_VALUE && y == -1)) {
        return x / y;
      }
      Object q = terminating(x, y);
      if (q != null) {
        return q;
      }
    }
    BigDecimal r = big(a).divide(big(b), MC);
    if (!inRange(r)) {
      throw new ArithmeticException("the result is out of the number range (exponent beyond " + MAX_EXPONENT + ")");
    }
    return normalize(r);
  }

  /**
   * x / y exactly when the reduced denominator has no prime factors but 2 and 5 (the quotient terminates)
   * and the digits fit in a long; else null. The result has no trailing zeros, so it is canonical as made.
   */
  private static Object terminating(long x, long y) {
    if (x == Long.MIN_VALUE || y == Long.MIN_VALUE) {
      return null;
    }
    long g = gcd(Math.abs(x), Math.abs(y));
    long n = x / g;
    long d = y / g;
    if (d < 0) {
      n = -n;
      d = -d;
    }
    int twos = Long.numberOfTrailingZeros(d);
    long rest = d >> twos;
    int fives = 0;
    while (rest % 5 == 0) {
      rest /= 5;
      fives++;
    }
    if (rest != 1) {
      return null;
    }
    int scale = Math.max(twos, fives);
    if (scale > 18) {
      return null;
    }
    long factor = 1; // 10^scale / d = 2^(scale - twos) * 5^(scale - fives)
    for (int i = twos; i < scale; i++) {
      factor *= 2;
    }
    for (int i = fives; i < scale; i++) {
      factor *= 5;
    }
    long hi = Math.multiplyHigh(n, factor);
    long lo = n * factor;
    if (!((hi == 0 && lo >= 0) || (hi == -1 && lo < 0))) {
      return null;
    }
    return BigDecimal.valueOf(lo, scale);
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a == 0 ? 1 : a;
  }

  /** Remainder with the sign of the dividend (like Java and CEL), exact; the caller has checked b is not zero. */
  public static Object mod(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y && y != 0) {
      return y == -1 ? 0L : x % y;
    }
    return exact(big(a).remainder(big(b)));
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

  /** An exact result, checked against the range and the digit limit, in canonical form. */
  private static Object exact(BigDecimal r) {
    if (!inRange(r)) {
      throw new ArithmeticException("the result is out of the number range (exponent beyond " + MAX_EXPONENT + ")");
    }
    Object n = normalize(r);
    if (n instanceof BigDecimal d && d.precision() > MAX_DIGITS) {
      throw new DigitsLimit(d.precision());
    }
    return n;
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
