package dev.cql.api;

import dev.cql.eval.Env;
import dev.cql.eval.JavaViews;
import dev.cql.eval.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one evaluation sees: root names bound to plain Java values (read in place through read-only views,
 * converted as they are read) or to lazily computed values such as namespace providers, and the clock.
 * Immutable and thread-safe; a lazy binding is computed at most once per context. Cheap to make: a context
 * made per evaluation costs one small map.
 */
public final class Context {

  /** Default work budget of one evaluation. */
  public static final long DEFAULT_MAX_WORK = dev.cql.lang.Limit.WORK.value();

  /** Each name's CQL value, {@link #NULL_BINDING}, or a {@link Lazy}. Never changed once built. */
  private final Map<String, Object> bindings;
  private final Clock clock;
  private final Instant fixedNow;
  private final long maxWork;
  private final long maxMemory;
  private final long maxMillis;

  /** What a name bound to null holds (so that bound-to-null and unbound differ). */
  private static final Object NULL_BINDING = new Object();

  private Context(Builder b, Map<String, Object> bindings) {
    this.bindings = bindings;
    this.clock = b.clock;
    this.fixedNow = b.now;
    this.maxWork = b.maxWork;
    this.maxMemory = b.maxMemory;
    this.maxMillis = b.maxMillis;
  }

  public static final Context EMPTY = builder().build();

  /** A context binding each entry's key to its value converted to a CQL value. */
  public static Context of(Map<String, ?> bindings) {
    Builder b = builder();
    b.bindings = new HashMap<>(Math.max(4, bindings.size() * 2));
    bindings.forEach(b::bind);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The names bound here. */
  public Set<String> names() {
    return new java.util.TreeSet<>(bindings.keySet());
  }

  /** Whether the name is bound (its value may be null). */
  public boolean has(String name) {
    return bindings.containsKey(name);
  }

  /** The CQL value bound to a name (computing a lazy binding on first use), or null. */
  public Object get(String name) {
    Object v = bindings.get(name);
    if (v instanceof Lazy l) {
      return l.get();
    }
    return v == NULL_BINDING ? null : v;
  }

  /** The clock reading evaluations with this context use. */
  public Instant now() {
    return fixedNow != null ? fixedNow : clock.instant();
  }

  /** The work budget of one evaluation (lambda calls and produced elements). */
  public long maxWork() {
    return maxWork;
  }

  /** The memory budget of one evaluation, in bytes. */
  public long maxMemory() {
    return maxMemory;
  }

  /** The wall-clock budget of one evaluation, in milliseconds. */
  public long maxMillis() {
    return maxMillis;
  }

  /** This context as the evaluator sees it. */
  Scope scope() {
    return scope;
  }

  private final Scope scope = new Scope() {
    @Override
    public boolean has(String name) {
      return Context.this.has(name);
    }

    @Override
    public Object get(String name) {
      return Context.this.get(name);
    }

    @Override
    public Object get(String name, Env env) {
      Object v = bindings.get(name);
      if (v instanceof Lazy l) {
        if (l.done) {
          return l.get();
        }
        long t0 = System.nanoTime(); // only a first use can load data: plain reads are not timed
        try {
          return l.get();
        } finally {
          env.waited(System.nanoTime() - t0);
        }
      }
      return v == NULL_BINDING ? null : v; // one lookup per read
    }

    @Override
    public Instant now() {
      return Context.this.now();
    }

    @Override
    public long maxWork() {
      return maxWork;
    }

    @Override
    public long maxMemory() {
      return maxMemory;
    }

    @Override
    public long maxMillis() {
      return maxMillis;
    }
  };

  /** A copy with the given clock reading. */
  public Context withNow(Instant now) {
    Builder b = toBuilder();
    b.now = now;
    return b.build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.bindings = bindings;
    b.shared = true; // copied on the builder's first change
    b.clock = clock;
    b.now = fixedNow;
    b.maxWork = maxWork;
    b.maxMemory = maxMemory;
    b.maxMillis = maxMillis;
    return b;
  }

  private static final class Lazy {
    private final Supplier<?> supplier;
    private volatile boolean done;
    private Object value;
    private RuntimeException failure;

    Lazy(Supplier<?> supplier) {
      this.supplier = supplier;
    }

    Object get() {
      if (!done) {
        synchronized (this) {
          if (!done) {
            try {
              value = JavaViews.of(supplier.get());
            } catch (RuntimeException e) {
              failure = e;
            }
            done = true;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }

  public static final class Builder {
    /** Null until the first binding; shared with a built context (or the one it came from) until changed. */
    private Map<String, Object> bindings;
    private boolean shared;
    private Clock clock = Clock.systemUTC();
    private Instant now;
    private long maxWork = DEFAULT_MAX_WORK;
    private long maxMemory = dev.cql.lang.Limit.MEMORY.value();
    private long maxMillis = dev.cql.lang.Limit.TIME.value();

    /**
     * Binds a root name to a plain Java value (Map, List, Set, String, Number, Boolean, null, Instant,
     * Duration, Period). Maps and lists are not copied: the evaluation reads them through read-only views
     * that convert what it reads, so the caller must not change them while evaluations run.
     */
    public Builder bind(String name, Object javaValue) {
      Object v = JavaViews.of(javaValue);
      writable().put(name, v == null ? NULL_BINDING : v);
      return this;
    }

    /** Binds a root name to a value computed on first use (at most once per context), e.g. a namespace. */
    public Builder bindLazy(String name, Supplier<?> supplier) {
      writable().put(name, new Lazy(supplier));
      return this;
    }

    private Map<String, Object> writable() {
      if (bindings == null) {
        bindings = new HashMap<>();
      } else if (shared) {
        bindings = new HashMap<>(bindings);
        shared = false;
      }
      return bindings;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Fixes the clock reading of every evaluation with this context. */
    public Builder now(Instant now) {
      this.now = now;
      return this;
    }

    public Builder maxWork(long maxWork) {
      this.maxWork = maxWork;
      return this;
    }

    /** Bytes of strings and lists the lambdas of one evaluation may build (default: limit 'memory'). */
    public Builder maxMemory(long bytes) {
      this.maxMemory = bytes;
      return this;
    }

    /** Wall-clock time one evaluation may take (default: limit 'time'); checked as it works. */
    public Builder maxDuration(java.time.Duration d) {
      this.maxMillis = Math.max(1, d.toMillis());
      return this;
    }

    public Context build() {
      if (bindings == null) {
        return new Context(this, Map.of());
      }
      shared = true; // the context keeps this map; a later change to the builder copies it first
      return new Context(this, bindings);
    }
  }
}
