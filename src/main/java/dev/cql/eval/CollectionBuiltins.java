package dev.cql.eval;

import static dev.cql.lang.Kind.LIST;
import static dev.cql.lang.Kind.OBJECT;
import static dev.cql.lang.Kind.SET;
import static dev.cql.lang.Kind.STRING;

import dev.cql.eval.Registry.MethodImpl;
import dev.cql.lang.Num;
import dev.cql.lang.ReturnRule;
import dev.cql.lang.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;

/** The methods of lists and sets (and the size-like ones of strings and objects). */
final class CollectionBuiltins {

  private CollectionBuiltins() {}

  static void install(Registry.Builder r) {
    sizes(r);
    predicates(r);
    transforms(r);
    elements(r);
    aggregates(r);
  }

  private static void sizes(Registry.Builder r) {
    MethodImpl size = (env, recv, args, site) -> (long) ((Collection<?>) recv).size();
    MethodImpl chars = (env, recv, args, site) -> (long) ((String) recv).codePointCount(0, ((String) recv).length());
    Methods.define("length").property().signature("list.length").summary("the number of elements (characters of a string)")
        .on(LIST, SET).returns(Type.NUMBER).body(size)
        .on(STRING).returns(Type.NUMBER).body(chars)
        .into(r);
    Methods.define("size").signature("list.size()").summary("the number of elements (keys of an object, characters of a string)")
        .on(LIST, SET).returns(Type.NUMBER).body(size)
        .on(OBJECT).returns(Type.NUMBER).body((env, recv, args, site) -> (long) ObjectBuiltins.keys(recv).size())
        .on(STRING).returns(Type.NUMBER).body(chars)
        .into(r);
    Methods.define("count").property().signature("list.count / list.count((x) => test)")
        .summary("the number of elements, or of those for which the lambda is true")
        .on(LIST, SET).optionalFromHere().lambda("test", 1).returns(Type.NUMBER).body((env, recv, args, site) -> {
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
        })
        .into(r);
    Methods.define("isEmpty").signature("list.isEmpty()").summary("whether there are no elements (characters, keys)")
        .on(LIST, SET).returns(Type.BOOLEAN).body((env, recv, args, site) -> ((Collection<?>) recv).isEmpty())
        .on(STRING).returns(Type.BOOLEAN).body((env, recv, args, site) -> ((String) recv).isEmpty())
        .on(OBJECT).returns(Type.BOOLEAN).body((env, recv, args, site) -> ObjectBuiltins.keys(recv).isEmpty())
        .into(r);
  }

  private static void predicates(Registry.Builder r) {
    Methods.define("any").signature("list.any((x) => test)").summary("whether the lambda is true for some element (false when empty)")
        .on(LIST, SET).lambda("test", 1).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> someIs(env, (Collection<?>) recv, (Lambda) args[0], true, "any"))
        .into(r);
    Methods.define("all").signature("list.all((x) => test)").summary("whether the lambda is true for every element (true when empty)")
        .on(LIST, SET).lambda("test", 1).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> !someIs(env, (Collection<?>) recv, (Lambda) args[0], false, "all"))
        .into(r);
    Methods.define("none").signature("list.none((x) => test)").summary("whether the lambda is false for every element (true when empty)")
        .on(LIST, SET).lambda("test", 1).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> !someIs(env, (Collection<?>) recv, (Lambda) args[0], true, "none"))
        .into(r);
    Methods.define("contains").signature("list.contains(x)")
        .summary("whether an element equals x (a string: whether it contains the text)")
        .on(LIST, SET).param("x", Type.DYN).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> ((Collection<?>) recv).contains(args[0]))
        .on(STRING).param("text", Type.STRING).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> ((String) recv).contains((String) args[0]))
        .into(r);
    Methods.define("anyMatch").signature("list.anyMatch(regex)").summary("whether some string element matches the whole regular expression")
        .on(LIST, SET).param(StringBuiltins.REGEX_PARAM, StringBuiltins.REGEX).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> {
          com.google.re2j.Pattern p = (com.google.re2j.Pattern) args[0];
          for (Object o : (Collection<?>) recv) {
            if (o instanceof String s && p.matches(s)) {
              return true;
            }
          }
          return false;
        })
        .into(r);
  }

  private static void transforms(Registry.Builder r) {
    Methods.define("filter").signature("list.filter((x) => test)").summary("the elements for which the lambda is true")
        .on(LIST, SET).lambda("test", 1).returns(ReturnRule.RECEIVER).body((env, recv, args, site) -> {
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
        })
        .into(r);
    Methods.define("map").signature("list.map((x) => value)").summary("the lambda's value for each element, as a list")
        .on(LIST, SET).lambda("value", 1).returns(ReturnRule.LIST_OF_FIRST_ARG).body((env, recv, args, site) -> {
          Lambda f = (Lambda) args[0];
          Collection<?> c = (Collection<?>) recv;
          List<Object> out = new ArrayList<>(c.size());
          for (Object o : c) {
            out.add(f.call(env, o));
          }
          return Collections.unmodifiableList(out);
        })
        .into(r);
    Methods.define("flatMap").signature("list.flatMap((x) => list)").summary("the lambda's lists joined into one (null results are skipped)")
        .on(LIST, SET).lambda("list", 1).returns(ReturnRule.FLATTEN_FIRST_ARG).body((env, recv, args, site) -> {
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
        })
        .into(r);
    Methods.define("distinct").signature("list.distinct()").summary("the elements without repeats, first occurrence kept")
        .on(LIST, SET).returns(ReturnRule.RECEIVER).body((env, recv, args, site) -> {
          if (recv instanceof Set) {
            return recv;
          }
          return Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>((Collection<?>) recv)));
        })
        .into(r);
    Methods.define("sortBy").signature("list.sortBy((x) => key)")
        .summary("the elements ordered by the lambda's key, ascending and stable; null keys last")
        .on(LIST, SET).lambda("key", 1).returns((receiver, a) -> Type.list(receiver.elementType()))
        .body((env, recv, args, site) -> {
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
        })
        .into(r);
  }

  private static void elements(Registry.Builder r) {
    Methods.define("first").signature("list.first()").summary("the first element, or null when empty")
        .on(LIST, SET).returns(ReturnRule.ELEMENT).body((env, recv, args, site) -> {
          Collection<?> c = (Collection<?>) recv;
          return c.isEmpty() ? null : c.iterator().next();
        })
        .into(r);
    Methods.define("last").signature("list.last()").summary("the last element, or null when empty")
        .on(LIST, SET).returns(ReturnRule.ELEMENT).body((env, recv, args, site) -> {
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
        })
        .into(r);
    Methods.define("get").signature("list.get(i) / object.get(key)")
        .summary("the element at i (negative counts from the end) or the field key; null when absent")
        .on(LIST).param("i", Type.NUMBER).returns(ReturnRule.ELEMENT).body((env, recv, args, site) -> {
          if (args[0] instanceof java.math.BigDecimal d && d.scale() <= 0) {
            return null; // an integer beyond the long range: out of range, as get() has it
          }
          if (!(args[0] instanceof Long)) {
            throw Errors.type(site.arg(0), "get() on a list needs an integer index, found " + Errors.a(args[0]));
          }
          List<?> l = (List<?>) recv;
          long i = (Long) args[0];
          if (i < 0) {
            i += l.size();
          }
          return i < 0 || i >= l.size() ? null : l.get((int) i);
        })
        .on(OBJECT).param("key", Type.STRING).returns(Type.DYN)
        .body((env, recv, args, site) -> Operators.field(recv, (String) args[0], site.arg(0), false))
        .into(r);
  }

  private static void aggregates(Registry.Builder r) {
    Methods.define("sum").signature("list.sum()").summary("the sum of numbers (or of durations); 0 when empty")
        .on(LIST, SET).returns(ReturnRule.NUMERIC_ELEMENT)
        .body((env, recv, args, site) -> total((Collection<?>) recv, site).sum())
        .into(r);
    Methods.define("average").signature("list.average()")
        .summary("the mean of numbers (or of durations, a duration); null when empty")
        .on(LIST, SET).returns(ReturnRule.NUMERIC_ELEMENT).body((env, recv, args, site) -> {
          Collection<?> c = (Collection<?>) recv;
          if (c.isEmpty()) {
            return null;
          }
          Total t = total(c, site);
          try {
            return t.sum() instanceof Duration d ? d.dividedBy(c.size()) : Num.div(t.sum(), (long) c.size());
          } catch (ArithmeticException e) {
            throw Errors.arithmetic(site.span(), "average() is out of range: " + e.getMessage());
          }
        })
        .into(r);
    Methods.define("min").signature("list.min()").summary("the smallest element (numbers, strings, datetimes, durations); null when empty")
        .on(LIST, SET).returns(ReturnRule.ELEMENT).body((env, recv, args, site) -> extreme((Collection<?>) recv, -1, site))
        .into(r);
    Methods.define("max").signature("list.max()").summary("the largest element; null when empty")
        .on(LIST, SET).returns(ReturnRule.ELEMENT).body((env, recv, args, site) -> extreme((Collection<?>) recv, 1, site))
        .into(r);
  }

  /** The sum of a collection of numbers, or of durations (by their nominal lengths), and which it was. */
  private record Total(Object sum, boolean durations) {}

  private static Total total(Collection<?> c, Site site) {
    Object acc = 0L;
    boolean durations = false;
    boolean numbers = false;
    try {
      for (Object o : c) {
        if (Operators.isDuration(o)) {
          if (numbers) {
            throw Errors.type(site.span(), site.name() + "() needs all numbers or all durations, found a duration among numbers");
          }
          Duration d = CalendarDuration.nominal(o);
          acc = durations ? ((Duration) acc).plus(d) : d;
          durations = true;
        } else if (Num.isNumber(o)) {
          if (durations) {
            throw Errors.type(site.span(), site.name() + "() needs all numbers or all durations, found a number among durations");
          }
          acc = Num.add(acc, o);
          numbers = true;
        } else {
          throw Errors.type(site.span(), site.name() + "() needs numbers (or durations), found " + Errors.a(o));
        }
      }
    } catch (ArithmeticException e) {
      throw Errors.arithmetic(site.span(), site.name() + "() is out of range: "
          + (e.getMessage() == null ? "overflow" : e.getMessage()));
    }
    return new Total(acc, durations);
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
}
