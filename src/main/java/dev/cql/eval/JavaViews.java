package dev.cql.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Plain Java values seen as CQL values without copying them: a {@link Map} with string keys is a read-only
 * object view and a {@link List} a read-only list view, each converting an element when it is read (a
 * nested map or list becomes a view in turn; an Integer a Long; a Double an exact decimal). Binding a
 * caller's data therefore costs nothing up front, and an evaluation pays only for what it reads. Sets are
 * copied (membership must compare CQL values). The caller must not change the data while an evaluation
 * reads it. A value of a type CQL does not have is a {@code type} error where it is read.
 */
public final class JavaViews {

  private JavaViews() {}

  /**
   * The CQL value of a plain Java value: itself, a view, or a conversion; an IllegalArgumentException for
   * a value CQL has no kind for (nested ones are found when read, as type errors).
   */
  public static Object of(Object v) {
    // The commonest kinds first: final classes, then the maps and lists data is made of.
    if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Instant) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return m instanceof MapView ? m : new MapView(m);
    }
    if (v instanceof List<?> l) {
      return l instanceof ListView ? l : new ListView(l);
    }
    if (v instanceof Integer i) {
      return (long) i;
    }
    if (v instanceof java.math.BigDecimal d) {
      return Values.fromDecimal(d); // before the interface tests below, which a decimal fails one by one
    }
    if (v instanceof Duration || v instanceof CqlObject || v instanceof CqlNamespace
        || v instanceof CalendarDuration) {
      return v;
    }
    return Values.fromJava(v); // numbers, sets, dates, arrays, JSON trees: converted (sets are copied)
  }

  /** An element read through a view: an unsupported value is the evaluation's type error. */
  private static Object read(Object v) {
    try {
      return of(v);
    } catch (IllegalArgumentException e) {
      throw Errors.type(dev.cql.api.error.Span.NONE, e.getMessage());
    }
  }

  /** A read-only object view of a map with string keys. */
  static final class MapView extends AbstractMap<String, Object> {
    private final Map<?, ?> map;

    MapView(Map<?, ?> map) {
      this.map = map;
    }

    @Override
    public Object get(Object key) {
      return read(map.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<? extends Entry<?, ?>> it = map.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<?, ?> e = it.next();
              if (!(e.getKey() instanceof String key)) {
                throw Errors.type(dev.cql.api.error.Span.NONE, "object keys must be strings, not " + e.getKey());
              }
              return new SimpleImmutableEntry<>(key, read(e.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
    }
  }

  /**
   * A read-only list view. The view of an element that needed one (a map, a list) is kept once made, with the
   * element it was made of, so that a context evaluated many times converts its data once, and an element the
   * caller replaced between evaluations (or one past the size the cache was made for) is read again. The
   * cache needs no lock: each entry is one immutable pair, published whole (final fields), and two threads
   * racing to make the same entry both make a correct one.
   */
  static final class ListView extends AbstractList<Object> implements RandomAccess {
    private final List<?> list;
    /** Null until an element needs a view. */
    private Cached[] views;

    private record Cached(Object raw, Object view) { }

    ListView(List<?> list) {
      this.list = list instanceof RandomAccess ? list : new java.util.ArrayList<>(list);
    }

    @Override
    public Object get(int index) {
      Object raw = list.get(index);
      Cached[] cache = views;
      if (cache != null && index < cache.length) {
        Cached c = cache[index];
        if (c != null && c.raw == raw) {
          return c.view;
        }
      }
      Object v = read(raw);
      if (v != raw && v != null) {
        if (cache == null || index >= cache.length) {
          cache = new Cached[list.size()];
          views = cache;
        }
        cache[index] = new Cached(raw, v);
      }
      return v;
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}
