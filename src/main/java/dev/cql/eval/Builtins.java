package dev.cql.eval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cql.eval.FunctionSpec.NamedParam;
import dev.cql.eval.MethodSpec.MethodImpl;
import dev.cql.lang.Kind;
import dev.cql.lang.Num;
import dev.cql.lang.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.regex.Matcher;

/** The language's built-in methods and global functions (the dialect record's list). */
final class Builtins {

  private Builtins() {}

  private static final int[] NONE = {};
  private static final int[] ONE_LAMBDA = {1};
  /** Compiled regular expressions; created on first use, so an expression without a regex loads no cache. */
  private static final class Regexes {
    static final Cache<String, Pattern> CACHE = Caffeine.newBuilder().maximumSize(1024).build();
  }

  static Registry.Builder install(Registry.Builder r) {
    collections(r);
    strings(r);
    objects(r);
    datetimes(r);
    globals(r);
    return r;
  }

  // ---------------------------------------------------------------- collections

  private static void collections(Registry.Builder r) {
    MethodImpl size = (env, recv, args, site) -> (long) ((Collection<?>) recv).size();
    method(r, "length", 0, 0, NONE, true, "list.length", "the number of elements (characters of a string)",
        Kind.LIST, size, Kind.SET, size, Kind.STRING, (env, recv, a, s) -> (long) ((String) recv).codePointCount(0, ((String) recv).length()));
    method(r, "size", 0, 0, NONE, false, "list.size()", "the number of elements (keys of an object, characters of a string)",
        Kind.LIST, size, Kind.SET, size, Kind.OBJECT, (env, recv, a, s) -> (long) objectKeys(recv).size(),
        Kind.STRING, (env, recv, a, s) -> (long) ((String) recv).codePointCount(0, ((String) recv).length()));
    MethodImpl count = (env, recv, args, site) -> {
      Collection<?> c = (Collection<?>) recv;
      if (args.length == 0) {
        return (long) c.size();
      }
      Lambda f = (Lambda) args[0];
      long n = 0;
      for (Object o : c) {
        if (truth(f.call(env, o), f, "count")) {
          n++;
        }
      }
      return n;
    };
    method(r, "count", 0, 1, ONE_LAMBDA, true, "list.count / list.count((x) => test)",
        "the number of elements, or of those for which the lambda is true", Kind.LIST, count, Kind.SET, count);
    MethodImpl isEmpty = (env, recv, args, site) -> ((Collection<?>) recv).isEmpty();
    method(r, "isEmpty", 0, 0, NONE, false, "list.isEmpty()", "whether there are no elements (characters, keys)",
        Kind.LIST, isEmpty, Kind.SET, isEmpty, Kind.STRING, (env, recv, a, s) -> ((String) recv).isEmpty(),
        Kind.OBJECT, (env, recv, a, s) -> objectKeys(recv).isEmpty());

    MethodImpl any = (env, recv, args, site) -> someIs(env, (Collection<?>) recv, (Lambda) args[0], true, "any");
    MethodImpl all = (env, recv, args, site) -> !someIs(env, (Collection<?>) recv, (Lambda) args[0], false, "all");
    MethodImpl none = (env, recv, args, site) -> !someIs(env, (Collection<?>) recv, (Lambda) args[0], true, "none");
    method(r, "any", 1, 1, ONE_LAMBDA, false, "list.any((x) => test)", "whether the lambda is true for some element (false when empty)", Kind.LIST, any, Kind.SET, any);
    method(r, "all", 1, 1, ONE_LAMBDA, false, "list.all((x) => test)", "whether the lambda is true for every element (true when empty)", Kind.LIST, all, Kind.SET, all);
    method(r, "none", 1, 1, ONE_LAMBDA, false, "list.none((x) => test)", "whether the lambda is false for every element (true when empty)", Kind.LIST, none, Kind.SET, none);

    MethodImpl filter = (env, recv, args, site) -> {
      Lambda f = (Lambda) args[0];
      Collection<?> c = (Collection<?>) recv;
      List<Object> out = new ArrayList<>();
      if (c instanceof List<?> l && c instanceof RandomAccess) {
        for (int i = 0, n = l.size(); i < n; i++) {
          Object o = l.get(i);
          if (truth(f.call(env, o), f, "filter")) {
            out.add(o);
          }
        }
      } else {
        for (Object o : c) {
          if (truth(f.call(env, o), f, "filter")) {
            out.add(o);
          }
        }
      }
      return recv instanceof Set ? Collections.unmodifiableSet(new LinkedHashSet<>(out)) : Collections.unmodifiableList(out);
    };
    method(r, "filter", 1, 1, ONE_LAMBDA, false, "list.filter((x) => test)", "the elements for which the lambda is true", Kind.LIST, filter, Kind.SET, filter);
    MethodImpl map = (env, recv, args, site) -> {
      Lambda f = (Lambda) args[0];
      Collection<?> c = (Collection<?>) recv;
      List<Object> out = new ArrayList<>(c.size());
      for (Object o : c) {
        out.add(f.call(env, o));
      }
      return Collections.unmodifiableList(out);
    };
    method(r, "map", 1, 1, ONE_LAMBDA, false, "list.map((x) => value)", "the lambda's value for each element, as a list", Kind.LIST, map, Kind.SET, map);
    MethodImpl flatMap = (env, recv, args, site) -> {
      Lambda f = (Lambda) args[0];
      List<Object> out = new ArrayList<>();
      for (Object o : (Collection<?>) recv) {
        Object v = f.call(env, o);
        if (v == null) {
          continue;
        }
        if (!(v instanceof Collection<?> c)) {
          throw Errors.type(f.span(), "flatMap's lambda must return a list, but it returned " + Errors.a(v));
        }
        env.tick(c.size(), site.span());
        out.addAll(c);
      }
      return Collections.unmodifiableList(out);
    };
    method(r, "flatMap", 1, 1, ONE_LAMBDA, false, "list.flatMap((x) => list)", "the lambda's lists joined into one (null results are skipped)", Kind.LIST, flatMap, Kind.SET, flatMap);

    MethodImpl first = (env, recv, args, site) -> {
      Collection<?> c = (Collection<?>) recv;
      return c.isEmpty() ? null : c.iterator().next();
    };
    MethodImpl last = (env, recv, args, site) -> {
      Collection<?> c = (Collection<?>) recv;
      if (c.isEmpty()) {
        return null;
      }
      if (c instanceof List<?> l) {
        return l.get(l.size() - 1);
      }
      Object lastSeen = null;
      for (Object o : c) {
        lastSeen = o;
      }
      return lastSeen;
    };
    method(r, "first", 0, 0, NONE, false, "list.first()", "the first element, or null when empty", Kind.LIST, first, Kind.SET, first);
    method(r, "last", 0, 0, NONE, false, "list.last()", "the last element, or null when empty", Kind.LIST, last, Kind.SET, last);

    MethodImpl sum = (env, recv, args, site) -> {
      Object acc = 0L;
      boolean durations = false;
      for (Object o : (Collection<?>) recv) {
        if (o instanceof Duration d) {
          if (!durations && !(acc instanceof Long l && l == 0)) {
            throw Errors.type(site.span(), "sum() needs all numbers or all durations, found a duration among numbers");
          }
          acc = durations ? ((Duration) acc).plus(d) : d;
          durations = true;
        } else if (Num.isNumber(o) && !durations) {
          acc = Num.add(acc, o);
        } else {
          throw Errors.type(site.span(), "sum() needs numbers (or durations), found " + Errors.a(o));
        }
      }
      return acc;
    };
    method(r, "sum", 0, 0, NONE, false, "list.sum()", "the sum of numbers (or durations); 0 when empty", Kind.LIST, sum, Kind.SET, sum);
    MethodImpl average = (env, recv, args, site) -> {
      Collection<?> c = (Collection<?>) recv;
      if (c.isEmpty()) {
        return null;
      }
      Object acc = 0L;
      for (Object o : c) {
        if (!Num.isNumber(o)) {
          throw Errors.type(site.span(), "average() needs numbers, found " + Errors.a(o));
        }
        acc = Num.add(acc, o);
      }
      return Num.div(acc, (long) c.size());
    };
    method(r, "average", 0, 0, NONE, false, "list.average()", "the mean of numbers; null when empty", Kind.LIST, average, Kind.SET, average);
    MethodImpl min = (env, recv, args, site) -> extreme((Collection<?>) recv, -1, site);
    MethodImpl max = (env, recv, args, site) -> extreme((Collection<?>) recv, 1, site);
    method(r, "min", 0, 0, NONE, false, "list.min()", "the smallest element (numbers, strings, datetimes, durations); null when empty", Kind.LIST, min, Kind.SET, min);
    method(r, "max", 0, 0, NONE, false, "list.max()", "the largest element; null when empty", Kind.LIST, max, Kind.SET, max);

    MethodImpl contains = (env, recv, args, site) -> {
      if (recv instanceof String s) {
        if (!(args[0] instanceof String t)) {
          throw Errors.type(site.arg(0), "contains() on a string needs a string, found " + Errors.a(args[0]));
        }
        return s.contains(t);
      }
      return ((Collection<?>) recv).contains(args[0]);
    };
    method(r, "contains", 1, 1, NONE, false, "list.contains(x)", "whether an element equals x (a string: whether it contains the text)",
        Kind.LIST, contains, Kind.SET, contains, Kind.STRING, contains);
    MethodImpl distinct = (env, recv, args, site) -> {
      if (recv instanceof Set) {
        return recv;
      }
      return Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>((Collection<?>) recv)));
    };
    method(r, "distinct", 0, 0, NONE, false, "list.distinct()", "the elements without repeats, first occurrence kept", Kind.LIST, distinct, Kind.SET, distinct);
    MethodImpl sortBy = (env, recv, args, site) -> {
      Lambda f = (Lambda) args[0];
      Collection<?> c = (Collection<?>) recv;
      List<Object[]> keyed = new ArrayList<>(c.size());
      for (Object o : c) {
        keyed.add(new Object[] {f.call(env, o), o});
      }
      env.tick(c.size(), site.span());
      keyed.sort((x, y) -> {
        if (x[0] == null || y[0] == null) {
          return x[0] == null ? (y[0] == null ? 0 : 1) : -1;
        }
        return Operators.compare(x[0], y[0], f.span());
      });
      List<Object> out = new ArrayList<>(keyed.size());
      for (Object[] k : keyed) {
        out.add(k[1]);
      }
      return Collections.unmodifiableList(out);
    };
    method(r, "sortBy", 1, 1, ONE_LAMBDA, false, "list.sortBy((x) => key)", "the elements ordered by the lambda's key, ascending and stable; null keys last", Kind.LIST, sortBy, Kind.SET, sortBy);
    MethodImpl anyMatch = (env, recv, args, site) -> {
      Pattern p = regex(args[0], site, 0);
      for (Object o : (Collection<?>) recv) {
        if (o instanceof String s && p.matches(s)) {
          return true;
        }
      }
      return false;
    };
    method(r, "anyMatch", 1, 1, NONE, false, "list.anyMatch(regex)", "whether some string element matches the whole regular expression", Kind.LIST, anyMatch, Kind.SET, anyMatch);
    MethodImpl listGet = (env, recv, args, site) -> {
      if (!(args[0] instanceof Long)) {
        throw Errors.type(site.arg(0), "get() on a list needs an integer index, found " + Errors.a(args[0]));
      }
      List<?> l = (List<?>) recv;
      long i = (Long) args[0];
      if (i < 0) {
        i += l.size();
      }
      return i < 0 || i >= l.size() ? null : l.get((int) i);
    };
    MethodImpl objectGet = (env, recv, args, site) -> {
      if (!(args[0] instanceof String key)) {
        throw Errors.type(site.arg(0), "get() on an object needs a string key, found " + Errors.a(args[0]));
      }
      return Operators.field(recv, key, site.arg(0), false);
    };
    method(r, "get", 1, 1, NONE, false, "list.get(i) / object.get(key)",
        "the element at i (negative counts from the end) or the field key; null when absent", Kind.LIST, listGet, Kind.OBJECT, objectGet);
  }

  private static Object extreme(Collection<?> c, int sign, Site site) {
    Object best = null;
    for (Object o : c) {
      if (o == null) {
        throw Errors.type(site.span(), site.name() + "() cannot compare null elements");
      }
      if (best == null || Operators.compare(o, best, site.span()) * sign > 0) {
        best = o;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- strings

  private static void strings(Registry.Builder r) {
    method(r, "matches", 1, 1, NONE, false, "text.matches(regex)", "whether the whole string matches the RE2 regular expression",
        Kind.STRING, (env, recv, args, site) -> regex(args[0], site, 0).matches((String) recv));
    method(r, "matchesIn", 1, 1, NONE, false, "text.matchesIn(regex)", "whether the regular expression matches somewhere in the string",
        Kind.STRING, (env, recv, args, site) -> regex(args[0], site, 0).matcher((String) recv).find());
    method(r, "startsWith", 1, 1, NONE, false, "text.startsWith(prefix)", "whether the string starts with the prefix",
        Kind.STRING, (env, recv, args, site) -> ((String) recv).startsWith(str(args[0], site, 0)));
    method(r, "endsWith", 1, 1, NONE, false, "text.endsWith(suffix)", "whether the string ends with the suffix",
        Kind.STRING, (env, recv, args, site) -> ((String) recv).endsWith(str(args[0], site, 0)));
    method(r, "toLowerCase", 0, 0, NONE, false, "text.toLowerCase()", "the string in lower case",
        Kind.STRING, (env, recv, args, site) -> ((String) recv).toLowerCase(Locale.ROOT));
    method(r, "toUpperCase", 0, 0, NONE, false, "text.toUpperCase()", "the string in upper case",
        Kind.STRING, (env, recv, args, site) -> ((String) recv).toUpperCase(Locale.ROOT));
    method(r, "trim", 0, 0, NONE, false, "text.trim()", "the string without leading and trailing white space",
        Kind.STRING, (env, recv, args, site) -> ((String) recv).strip());
    method(r, "split", 1, 1, NONE, false, "text.split(separator)", "the parts between occurrences of the separator (not a regex)",
        Kind.STRING, (env, recv, args, site) -> {
          String s = (String) recv;
          String sep = str(args[0], site, 0);
          List<Object> out = new ArrayList<>();
          if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
          } else {
            int from = 0;
            int at;
            while ((at = s.indexOf(sep, from)) >= 0) {
              out.add(s.substring(from, at));
              from = at + sep.length();
            }
            out.add(s.substring(from));
          }
          env.tick(out.size(), site.span());
          return Collections.unmodifiableList(out);
        });
  }

  // ---------------------------------------------------------------- objects

  private static void objects(Registry.Builder r) {
    method(r, "keys", 0, 0, NONE, false, "object.keys()", "the object's keys (field names) as a list",
        Kind.OBJECT, (env, recv, args, site) -> Collections.unmodifiableList(new ArrayList<Object>(objectKeys(recv))));
    method(r, "values", 0, 0, NONE, false, "object.values()", "the object's values as a list",
        Kind.OBJECT, (env, recv, args, site) -> {
          List<Object> out = new ArrayList<>();
          for (String k : objectKeys(recv)) {
            out.add(Operators.field(recv, k, site.span(), false));
          }
          return Collections.unmodifiableList(out);
        });
    method(r, "containsKey", 1, 1, NONE, false, "object.containsKey(key)", "whether the object has the key",
        Kind.OBJECT, (env, recv, args, site) -> objectKeys(recv).contains(str(args[0], site, 0)));
  }

  static Collection<String> objectKeys(Object recv) {
    if (recv instanceof CqlObject o) {
      return o.fieldNames();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) recv;
    return m.keySet();
  }

  // ---------------------------------------------------------------- datetimes

  private static void datetimes(Registry.Builder r) {
    method(r, "fromNow", 0, 0, NONE, false, "datetime.fromNow()", "the datetime minus now, as a duration (negative for the past)",
        Kind.DATETIME, (env, recv, args, site) -> Duration.between(env.now(), (Instant) recv));
  }

  // ---------------------------------------------------------------- global functions

  private static void globals(Registry.Builder r) {
    r.function(simple("now", 0, 0, "now()", "the evaluation's clock reading (the same throughout one evaluation)",
        (env, args, site) -> env.now()));
    r.function(simple("datetime", 1, 1, "datetime(text)", "an ISO-8601 datetime such as \"2026-01-01T00:00:00Z\" (a date alone means midnight UTC)",
        (env, args, site) -> parseDatetime(str(args[0], site, 0), site.arg(0))));
    r.function(simple("duration", 1, 1, "duration(text)", "an ISO-8601 duration such as \"P7D\", \"PT36H\" or \"-P1D\" (weeks: \"P2W\")",
        (env, args, site) -> parseDuration(str(args[0], site, 0), site.arg(0))));
    r.function(simple("captures", 2, 2, "captures(name, value)", "returns value, and records it under name for the rule's failure message",
        (env, args, site) -> {
          env.capture(str(args[0], site, 0), args[1]);
          return args[1];
        }));
  }

  /** A global function whose arguments are all plain values, evaluated before the call. */
  interface SimpleImpl {
    Object call(Env env, Object[] args, Site site);
  }

  static FunctionSpec simple(String name, int min, int max, String signature, String summary, SimpleImpl impl) {
    return new FunctionSpec(name, min, max, NONE, List.<NamedParam>of(), args -> {
      Object[] positional = args.positional();
      int n = positional.length;
      Site site = args.site();
      return env -> {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = ((Eval) positional[i]).eval(env);
        }
        return impl.call(env, values, site);
      };
    }, signature, summary);
  }

  // ---------------------------------------------------------------- helpers

  private static void method(Registry.Builder r, String name, int min, int max, int[] lambdas, boolean property,
      String signature, String summary, Kind k1, MethodImpl i1) {
    register(r, name, min, max, lambdas, property, signature, summary, new Kind[] {k1}, new MethodImpl[] {i1});
  }

  private static void method(Registry.Builder r, String name, int min, int max, int[] lambdas, boolean property,
      String signature, String summary, Kind k1, MethodImpl i1, Kind k2, MethodImpl i2) {
    register(r, name, min, max, lambdas, property, signature, summary, new Kind[] {k1, k2}, new MethodImpl[] {i1, i2});
  }

  private static void method(Registry.Builder r, String name, int min, int max, int[] lambdas, boolean property,
      String signature, String summary, Kind k1, MethodImpl i1, Kind k2, MethodImpl i2, Kind k3, MethodImpl i3) {
    register(r, name, min, max, lambdas, property, signature, summary, new Kind[] {k1, k2, k3},
        new MethodImpl[] {i1, i2, i3});
  }

  private static void method(Registry.Builder r, String name, int min, int max, int[] lambdas, boolean property,
      String signature, String summary, Kind k1, MethodImpl i1, Kind k2, MethodImpl i2, Kind k3, MethodImpl i3,
      Kind k4, MethodImpl i4) {
    register(r, name, min, max, lambdas, property, signature, summary, new Kind[] {k1, k2, k3, k4},
        new MethodImpl[] {i1, i2, i3, i4});
  }

  private static void register(Registry.Builder r, String name, int min, int max, int[] lambdas, boolean property,
      String signature, String summary, Kind[] kinds, MethodImpl[] impls) {
    Map<Kind, MethodImpl> map = new EnumMap<>(Kind.class);
    for (int i = 0; i < kinds.length; i++) {
      map.put(kinds[i], impls[i]);
    }
    r.method(new MethodSpec(name, min, max, lambdas, property, map, signature, summary));
  }

  /**
   * Whether the lambda's (boolean) result is {@code want} for some element, stopping at the first; lists
   * (always RandomAccess here) are walked by index, which allocates no iterator.
   */
  private static boolean someIs(Env env, Collection<?> c, Lambda f, boolean want, String method) {
    if (c instanceof List<?> l && c instanceof RandomAccess) {
      for (int i = 0, size = l.size(); i < size; i++) {
        if (truth(f.call(env, l.get(i)), f, method) == want) {
          return true;
        }
      }
      return false;
    }
    for (Object o : c) {
      if (truth(f.call(env, o), f, method) == want) {
        return true;
      }
    }
    return false;
  }

  static boolean truth(Object v, Lambda f, String method) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw Errors.type(f.span(), method + "'s lambda must return a boolean, but it returned " + Errors.a(v));
  }

  static String str(Object v, Site site, int arg) {
    if (v instanceof String s) {
      return s;
    }
    throw Errors.type(site.arg(arg), site.name() + "() needs a string here, found " + Errors.a(v));
  }

  static Pattern regex(Object v, Site site, int arg) {
    String re = str(v, site, arg);
    Pattern p = Regexes.CACHE.getIfPresent(re);
    if (p == null) {
      p = compileRegex(re, site.arg(arg));
      Regexes.CACHE.put(re, p);
    }
    return p;
  }

  /** Compiles an RE2 regular expression, or throws a type error describing the problem. */
  static Pattern compileRegex(String re, Span span) {
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw Errors.type(span, "invalid regular expression: " + e.getDescription());
    }
  }

  static Instant parseDatetime(String s, Span span) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw Errors.type(span, "'" + s + "' is not an ISO-8601 datetime such as \"2026-01-01T00:00:00Z\"");
        }
      }
    }
  }

  private static final java.util.regex.Pattern WEEKS = java.util.regex.Pattern.compile("([-+]?)P(\\d+)W");

  static Duration parseDuration(String s, Span span) {
    Matcher w = WEEKS.matcher(s.toUpperCase(Locale.ROOT));
    try {
      if (w.matches()) {
        Duration d = Duration.ofDays(Math.multiplyExact(Long.parseLong(w.group(2)), 7));
        return w.group(1).equals("-") ? d.negated() : d;
      }
      return Duration.parse(s);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw Errors.type(span, "'" + s + "' is not an ISO-8601 duration such as \"P7D\" or \"PT12H\""
          + " (months and years have no fixed length: use days)");
    }
  }

}
