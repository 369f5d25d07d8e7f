package dev.cql.buildkite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A deterministic fault schedule for the {@link Simulator}: which requests fail and how. Requests are
 * numbered from 1 in the order the simulator receives them; rules are checked in this order: a fault
 * for that request number ({@link #failRequest}), then the oldest matching {@link #failWhen} rule with
 * uses left, then {@link #failNext}. Thread-safe; may be changed while the simulator runs.
 */
public final class Faults {

  /** What a faulty request gets instead of its normal answer. */
  public enum Kind { STATUS, SLOW, MALFORMED, DROP, RATE_LIMITED, REDIRECT, LINK_LOOP, WRONG_TYPES }

  /**
   * One fault: {@code STATUS} answers with the status (5xx body {"message": ...}); {@code SLOW} delays the
   * normal answer; {@code MALFORMED} answers 200 with a truncated JSON body; {@code DROP} sends the headers
   * and part of the body, then closes the connection; {@code RATE_LIMITED} answers 429 with
   * {@code Retry-After} of {@code delay}; {@code REDIRECT} answers 302 to {@code location}; {@code LINK_LOOP}
   * answers normally but with a {@code Link: next} back to the listing's first page; {@code WRONG_TYPES}
   * answers normally but with the first record's {@code number} as text.
   */
  public record Fault(Kind kind, int status, Duration delay, String location) {
    public static Fault status(int code) {
      return new Fault(Kind.STATUS, code, Duration.ZERO, null);
    }

    public static Fault slow(Duration delay) {
      return new Fault(Kind.SLOW, 200, delay, null);
    }

    public static Fault malformed() {
      return new Fault(Kind.MALFORMED, 200, Duration.ZERO, null);
    }

    public static Fault drop() {
      return new Fault(Kind.DROP, 200, Duration.ZERO, null);
    }

    public static Fault rateLimited(Duration retryAfter) {
      return new Fault(Kind.RATE_LIMITED, 429, retryAfter, null);
    }

    public static Fault redirect(String location) {
      return new Fault(Kind.REDIRECT, 302, Duration.ZERO, Objects.requireNonNull(location));
    }

    public static Fault linkLoop() {
      return new Fault(Kind.LINK_LOOP, 200, Duration.ZERO, null);
    }

    public static Fault wrongTypes() {
      return new Fault(Kind.WRONG_TYPES, 200, Duration.ZERO, null);
    }

    @Override
    public String toString() {
      return switch (kind) {
        case STATUS -> "status " + status;
        case SLOW, RATE_LIMITED -> kind.name().toLowerCase(java.util.Locale.ROOT) + " " + delay;
        case REDIRECT -> "redirect to " + location;
        default -> kind.name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  private static final class Rule {
    final Predicate<String> matches;
    int remaining;
    final Fault fault;

    Rule(Predicate<String> matches, int remaining, Fault fault) {
      this.matches = matches;
      this.remaining = remaining;
      this.fault = fault;
    }
  }

  private final Map<Long, Fault> byNumber = new HashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private int nextCount;
  private Fault nextFault;

  /** The next {@code n} requests (after those already scheduled by number or rule) get {@code fault}. */
  public synchronized Faults failNext(int n, Fault fault) {
    this.nextCount = n;
    this.nextFault = Objects.requireNonNull(fault);
    return this;
  }

  /** Request number {@code k} (1-based, counted since the simulator started) gets {@code fault}. */
  public synchronized Faults failRequest(long k, Fault fault) {
    byNumber.put(k, Objects.requireNonNull(fault));
    return this;
  }

  /**
   * The next {@code times} requests whose {@code path?query} matches get {@code fault} (e.g. every request
   * for page 2: {@code pq -> pq.contains("page=2")}); {@code Integer.MAX_VALUE} means always.
   */
  public synchronized Faults failWhen(Predicate<String> pathAndQuery, int times, Fault fault) {
    rules.add(new Rule(pathAndQuery, times, Objects.requireNonNull(fault)));
    return this;
  }

  /** Removes every scheduled fault. */
  public synchronized void clear() {
    byNumber.clear();
    rules.clear();
    nextCount = 0;
    nextFault = null;
  }

  /** The fault for request number {@code k} to {@code pathAndQuery}, consuming it; null for none. */
  synchronized Fault take(long k, String pathAndQuery) {
    Fault f = byNumber.remove(k);
    if (f != null) {
      return f;
    }
    for (Rule r : rules) {
      if (r.remaining > 0 && r.matches.test(pathAndQuery)) {
        if (r.remaining != Integer.MAX_VALUE) {
          r.remaining--;
        }
        return r.fault;
      }
    }
    if (nextCount > 0) {
      nextCount--;
      return nextFault;
    }
    return null;
  }
}
