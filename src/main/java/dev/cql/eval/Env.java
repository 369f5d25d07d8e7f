package dev.cql.eval;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one evaluation: lambda parameter slots, the scope, the clock reading (taken once), the
 * work budget, and what the evaluation records (warnings, captures). Not shared between threads.
 */
public final class Env {

  public final Object[] locals;
  /** Values of lambda-invariant sub-expressions (see {@link Compiler}); null until computed. */
  final Object[] memo;
  private final Scope scope;
  private final long maxWork;
  private long work;
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
      v = scope.get(name);
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

  /** Counts {@code units} of work against the budget; every 1024 calls, notices that the thread was interrupted. */
  public void tick(long units, Span span) {
    work += units;
    if (work > maxWork) {
      throw new CqlException(ErrorKind.LIMIT, span,
          "the evaluation did more than " + maxWork + " steps of work (lambda calls and produced elements)");
    }
    if ((++ticks & 1023) == 0 && Thread.currentThread().isInterrupted()) {
      throw new CqlException(ErrorKind.LIMIT, span, "the evaluation was cancelled");
    }
  }

  private int ticks;

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
