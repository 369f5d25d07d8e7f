package dev.cql.eval;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import dev.cql.lang.Limit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one evaluation: lambda parameter slots, the scope, the clock reading (taken once), the
 * budgets (work, memory, wall-clock time), and what the evaluation records (warnings, captures). Not shared
 * between threads.
 *
 * <p>Every {@value #CHECK_EVERY}th tick also looks at the clock and at the thread's interrupt flag, so a
 * runaway evaluation ends with a {@code limit} error at its deadline and an interrupted one (Ctrl-C in the
 * REPL) ends with a {@code limit} error saying it was cancelled (the interrupt flag stays set for the caller).
 */
public final class Env {

  public final Object[] locals;
  /** Values of lambda-invariant sub-expressions (see {@link Compiler}); null until computed. */
  final Object[] memo;
  private final Scope scope;
  private final long maxWork;
  private long work;
  private long memory;
  /**
   * When the clock started (at the first check, every {@value #CHECK_EVERY} steps; 0 before), moved later by
   * every wait for data since, so that {@code now - started} is the expression's own time. The budgets other
   * than work are read from the scope when needed (rarely), which keeps this per-evaluation object small.
   */
  private long started;
  private int untilCheck = CHECK_EVERY;

  /** Ticks between two looks at the clock and the interrupt flag. */
  static final int CHECK_EVERY = 1024;
  private Instant now;
  private List<Warning> warnings;
  private Map<String, Object> captures;

  public Env(Scope scope, int slots, int memos) {
    this.scope = scope;
    this.locals = slots == 0 ? NO_LOCALS : new Object[slots];
    this.memo = memos == 0 ? NO_LOCALS : new Object[memos];
    this.maxWork = scope.maxWork();
  }

  private static final Object[] NO_LOCALS = new Object[0];

  /** What a memo slot holds when its sub-expression's value is null. */
  static final Object NULL_MEMO = new Object();

  public Scope scope() {
    return scope;
  }

  public Object variable(String name, Span span) {
    Object v;
    try {
      v = scope.get(name, this); // a lazy binding that loads data reports its wait (not the expression's time)
      checkWaited(span);
    } catch (CqlException e) {
      // A lazily bound value failed (e.g. its data could not be read): report it where the name is used.
      throw e.span() == Span.NONE ? new CqlException(e.kind(), span, e.getMessage()) : e;
    }
    if (v == null && !scope.has(name)) {
      throw new CqlException(ErrorKind.UNKNOWN_NAME, span, "'" + name + "' is not bound in this evaluation");
    }
    if (v instanceof CqlNamespace ns) {
      ns.used(this, span);
    }
    return v;
  }

  /** The clock reading; the same for the whole evaluation. */
  public Instant now() {
    if (now == null) {
      now = scope.now();
    }
    return now;
  }

  /** Counts {@code units} of work against the budget; now and then also checks the deadline and interruption. */
  public void tick(long units, Span span) {
    work += units;
    if (work > maxWork) {
      throw new CqlException(ErrorKind.LIMIT, span,
          "the evaluation did more than " + maxWork + " steps of work (lambda calls and produced elements); "
              + Limit.WORK.explain(maxWork) + " or Context.Builder.maxWork");
    }
    if (--untilCheck <= 0) {
      untilCheck = CHECK_EVERY;
      checkTime(span);
    }
  }

  /**
   * Takes time spent waiting for data (a lazy binding, a Buildkite listing) off the evaluation's clock: the
   * limit 'time' bounds what the expression costs, the data source has its own deadlines.
   */
  public void waited(long nanos) {
    if (nanos > 0) {
      waitedNanos += nanos;
      if (started != 0) {
        started += nanos; // (a wait before the clock starts is not counted anyway)
      }
    }
  }

  private long waitedNanos;

  /**
   * Ends the evaluation with a {@code data} error when its waits for data, all together, passed the limit
   * 'data-wait': each listing has its own deadline, and this bounds an evaluation that makes many of them.
   * Called after each wait, so a listing under way is bounded by its own deadline and no other one starts.
   */
  public void checkWaited(Span span) {
    if (waitedNanos == 0) {
      return; // no data read yet (every read of a plain variable comes here)
    }
    long max = Limit.DATA_WAIT.value();
    if (waitedNanos / 1_000_000 > max) {
      throw new CqlException(ErrorKind.DATA, span, "the evaluation waited " + waitedNanos / 1_000_000 + " ms for data, all its"
          + " listings together; " + Limit.DATA_WAIT.explain(max));
    }
  }

  /** Ends the evaluation when it is past its deadline or its thread was interrupted. */
  public void checkTime(Span span) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CqlException(ErrorKind.LIMIT, span, "the evaluation was cancelled");
    }
    long t = System.nanoTime();
    if (started == 0) {
      // The clock starts at the first check rather than in the constructor: a short evaluation (most of them,
      // never 1,024 steps) then reads no clock at all. The first 1,024 steps are bounded by the other limits.
      started = t;
      return;
    }
    long maxMillis = scope.maxMillis();
    long maxNanos = maxMillis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : maxMillis * 1_000_000;
    if (t - started > maxNanos) {
      throw new CqlException(ErrorKind.LIMIT, span, "the evaluation ran longer than " + maxMillis + " ms; "
          + Limit.TIME.explain(maxMillis) + " or Context.Builder.maxDuration");
    }
  }

  /**
   * Counts a value a lambda built against the evaluation's memory budget: a string by its characters (two
   * bytes each), a list, set or object by its slots (eight bytes each); other values are small and free.
   */
  public void charge(Object value, Span span) {
    if (value instanceof Boolean) {
      return; // the commonest result (filter, any, all): free, and decided without the interface tests below
    }
    long bytes;
    if (value instanceof String s) {
      bytes = 2L * s.length();
    } else if (value instanceof java.util.Collection<?> c) {
      bytes = 8L * c.size();
    } else if (value instanceof Map<?, ?> m) {
      bytes = 16L * m.size();
    } else {
      return;
    }
    memory += bytes;
    long maxMemory = scope.maxMemory();
    if (memory > maxMemory) {
      throw new CqlException(ErrorKind.LIMIT, span, "the evaluation built more than " + maxMemory
          + " bytes of strings and lists in its lambdas; " + Limit.MEMORY.explain(maxMemory) + " or Context.Builder.maxMemory");
    }
  }

  /** Bytes charged so far. */
  public long memory() {
    return memory;
  }


  public long work() {
    return work;
  }

  public void warn(Warning w) {
    if (warnings == null) {
      warnings = new ArrayList<>(2);
    }
    for (Warning seen : warnings) {
      if (seen.message().equals(w.message())) {
        return; // once per evaluation, at its first place
      }
    }
    warnings.add(w);
  }

  public void capture(String name, Object value) {
    if (captures == null) {
      captures = new LinkedHashMap<>();
    }
    captures.put(name, value);
  }

  public List<Warning> warnings() {
    return warnings == null ? List.of() : warnings;
  }

  public Map<String, Object> captures() {
    return captures == null ? Map.of() : captures;
  }
}
