package dev.cql.entity.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cql.api.error.Span;
import dev.cql.eval.Errors;
import dev.cql.eval.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** {@code jq(value, program)} with jackson-jq: first output; none gives null; several give a list. */
final class Jq {

  /** Most outputs one jq call may produce before it is stopped with a limit error. */
  static final int MAX_OUTPUTS = dev.cql.lang.Limit.JQ_OUTPUTS.intValue();
  /** Longest a jq call may run; jq programs can loop ({@code reduce range(1e9) ...}), CQL expressions may not. */
  static final long MAX_MILLIS = dev.cql.lang.Limit.JQ_TIME.value();

  /**
   * jq runs on these daemon threads so that a call can be abandoned at its time limit. jackson-jq never checks
   * for interruption, so a runaway program is stopped with Thread.stop where the JVM still supports it (17);
   * elsewhere its thread is left to finish on its own, as a daemon, and the evaluation fails regardless.
   */
  private static final java.util.concurrent.ExecutorService WORKERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cql-jq");
    t.setDaemon(true);
    return t;
  });

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Scope ROOT = Scope.newEmptyScope();
  private static final Cache<String, JsonQuery> PROGRAMS = Caffeine.newBuilder().maximumSize(512).build();

  static {
    BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, ROOT);
  }

  private Jq() {}

  /** Compiles (and caches) a program; a bad program is a type error at the given span. */
  static JsonQuery compile(String program, Span span) {
    JsonQuery q = PROGRAMS.getIfPresent(program);
    if (q == null) {
      try {
        q = JsonQuery.compile(program, Versions.JQ_1_6);
      } catch (JsonQueryException | RuntimeException e) {
        throw Errors.type(span, "invalid jq program: " + firstLine(e.getMessage()));
      }
      PROGRAMS.put(program, q);
    }
    return q;
  }

  private static final class TooMany extends RuntimeException {
    TooMany() {
      super(null, null, false, false);
    }
  }

  static Object run(JsonQuery q, Object value, Span span) {
    JsonNode in = JSON.valueToTree(Values.toPlain(value));
    List<JsonNode> out = new ArrayList<>();
    Thread[] worker = new Thread[1];
    java.util.concurrent.Future<?> job = WORKERS.submit(() -> {
      worker[0] = Thread.currentThread();
      try {
        q.apply(Scope.newChildScope(ROOT), in, o -> {
          if (out.size() >= MAX_OUTPUTS) {
            throw new TooMany();
          }
          out.add(o);
        });
      } catch (StackOverflowError e) {
        throw new TooDeep();
      }
      return null;
    });
    try {
      job.get(MAX_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      job.cancel(true);
      stop(worker[0]);
      throw Errors.limit(span, "the jq program ran longer than " + MAX_MILLIS + " ms; " + dev.cql.lang.Limit.JQ_TIME.explain());
    } catch (InterruptedException e) {
      job.cancel(true);
      stop(worker[0]);
      Thread.currentThread().interrupt();
      throw Errors.limit(span, "the jq program was interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TooMany) {
        throw Errors.limit(span, "the jq program produced more than " + MAX_OUTPUTS + " outputs; " + dev.cql.lang.Limit.JQ_OUTPUTS.explain());
      }
      if (cause instanceof TooDeep) {
        throw Errors.limit(span, "the jq program recursed too deeply");
      }
      if (cause instanceof OutOfMemoryError) {
        throw Errors.limit(span, "the jq program ran out of memory");
      }
      throw Errors.type(span, "jq failed: " + firstLine(cause.getMessage()));
    }
    if (out.isEmpty()) {
      return null;
    }
    if (out.size() == 1) {
      return Values.fromJson(finite(out.get(0)));
    }
    List<Object> values = new ArrayList<>(out.size());
    for (JsonNode n : out) {
      values.add(Values.fromJson(finite(n)));
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * jq's non-finite numbers as jq itself prints them in JSON: {@code nan} is null, {@code infinite} (and
   * {@code 1e1000}, which jq reads as infinite) the largest double, with its sign.
   */
  private static JsonNode finite(JsonNode n) {
    if (n.isDouble() || n.isFloat()) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
      }
      if (Double.isInfinite(d)) {
        return com.fasterxml.jackson.databind.node.DoubleNode.valueOf(d > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE);
      }
      return n;
    }
    if (n.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
      n.forEach(e -> a.add(finite(e)));
      return a;
    }
    if (n.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
      n.fields().forEachRemaining(e -> o.set(e.getKey(), finite(e.getValue())));
      return o;
    }
    return n;
  }

  private static final class TooDeep extends RuntimeException {
    TooDeep() {
      super(null, null, false, false);
    }
  }

  @SuppressWarnings({"deprecation", "removal"})
  private static void stop(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.stop();
    } catch (UnsupportedOperationException | SecurityException notSupported) {
      // Newer JVMs cannot stop a thread: it finishes on its own, as a daemon.
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
