package dev.cql.eval;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.lang.Limit;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper estimate of the size of the program RE2 compiles a regular expression to, computed from the
 * text before compiling: counted repetition copies its operand ({@code (a{100}){100}} is ten thousand
 * instructions), so nested counts multiply. RE2 (re2j) runs in time linear in the input but proportional to
 * the program's size, and a program of 10^8 instructions takes gigabytes to build; patterns over
 * {@link Limit#REGEX_SIZE} are refused before they are compiled.
 */
final class RegexSize {

  private RegexSize() {}

  /** Throws a {@code limit} error when the regex would compile to more than the limit's instructions. */
  static void check(String re, Span span) {
    long size = estimate(re);
    long max = Limit.REGEX_SIZE.value();
    if (size > max) {
      throw new CqlException(ErrorKind.LIMIT, span, "the regular expression would compile to "
          + (size >= CAP ? "more than " + CAP : "about " + size) + " instructions (counted repetitions multiply); "
          + Limit.REGEX_SIZE.explain());
    }
  }

  private static final long CAP = 1L << 40;

  private static final class Group {
    long total;
    long last;
  }

  static long estimate(String re) {
    Deque<Group> stack = new ArrayDeque<>();
    Group g = new Group();
    int i = 0;
    int n = re.length();
    while (i < n) {
      char c = re.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 < n && re.charAt(i + 1) == 'Q') {
            int end = re.indexOf("\\E", i + 2);
            int stop = end < 0 ? n : end;
            for (int k = i + 2; k < stop; k++) {
              atom(g, 1);
            }
            i = end < 0 ? n : end + 2;
            continue;
          }
          if (i + 1 < n && (re.charAt(i + 1) == 'p' || re.charAt(i + 1) == 'P') && i + 2 < n && re.charAt(i + 2) == '{') {
            int close = re.indexOf('}', i + 3);
            i = close < 0 ? n : close + 1;
          } else {
            i += 2;
          }
          atom(g, 1);
          continue;
        }
        case '[' -> {
          int k = i + 1;
          if (k < n && re.charAt(k) == '^') {
            k++;
          }
          if (k < n && re.charAt(k) == ']') {
            k++;
          }
          while (k < n && re.charAt(k) != ']') {
            if (re.charAt(k) == '\\') {
              k++;
            } else if (re.charAt(k) == '[' && k + 1 < n && re.charAt(k + 1) == ':') {
              int close = re.indexOf(":]", k + 2);
              k = close < 0 ? k : close + 1;
            }
            k++;
          }
          i = k + 1;
          atom(g, 1);
          continue;
        }
        case '(' -> {
          stack.push(g);
          g = new Group();
          i++;
          if (i < n && re.charAt(i) == '?') {
            // flags or a non-capturing / named group: skip to ':' or ')' of the flag part
            int k = i + 1;
            if (k < n && re.charAt(k) == 'P' && k + 1 < n && re.charAt(k + 1) == '<') {
              int close = re.indexOf('>', k);
              i = close < 0 ? n : close + 1;
            } else {
              while (k < n && re.charAt(k) != ':' && re.charAt(k) != ')') {
                k++;
              }
              i = k < n && re.charAt(k) == ':' ? k + 1 : k;
            }
          }
          continue;
        }
        case ')' -> {
          long inner = g.total + 2;
          g = stack.isEmpty() ? new Group() : stack.pop();
          atom(g, inner);
          i++;
          continue;
        }
        case '{' -> {
          int close = re.indexOf('}', i);
          long[] range = close < 0 ? null : range(re.substring(i + 1, close));
          if (range == null) {
            atom(g, 1);
            i++;
            continue;
          }
          long copies = Math.max(1, range[1] < 0 ? range[0] + 1 : range[1]);
          long grown = mul(g.last, copies);
          g.total = add(g.total - g.last, grown);
          g.last = grown;
          i = close + 1;
          continue;
        }
        case '*', '+', '?', '|' -> {
          g.total = add(g.total, 1);
          i++;
          continue;
        }
        default -> {
          atom(g, 1);
          i++;
        }
      }
    }
    while (!stack.isEmpty()) {
      long inner = g.total + 2;
      g = stack.pop();
      atom(g, inner);
    }
    return g.total;
  }

  private static void atom(Group g, long cost) {
    g.last = cost;
    g.total = add(g.total, cost);
  }

  /** {n}, {n,} or {n,m} as [n, m] (m = -1 when open); null when the text is not a repetition. */
  private static long[] range(String s) {
    if (!s.matches("\\d{1,9}(,\\d{0,9})?")) {
      return null;
    }
    int comma = s.indexOf(',');
    if (comma < 0) {
      long v = Long.parseLong(s);
      return new long[] {v, v};
    }
    long lo = Long.parseLong(s.substring(0, comma));
    String hi = s.substring(comma + 1);
    return new long[] {lo, hi.isEmpty() ? -1 : Long.parseLong(hi)};
  }

  private static long add(long a, long b) {
    long r = a + b;
    return r < 0 || r > CAP ? CAP : r;
  }

  private static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > CAP / b ? CAP : Math.min(CAP, a * b);
  }
}
