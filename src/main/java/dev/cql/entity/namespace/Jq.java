package dev.cql.entity.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cql.eval.Errors;
import dev.cql.eval.Values;
import dev.cql.syntax.Span;
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
  static final int MAX_OUTPUTS = 100_000;

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
    try {
      q.apply(Scope.newChildScope(ROOT), in, o -> {
        if (out.size() >= MAX_OUTPUTS) {
          throw new TooMany();
        }
        out.add(o);
      });
    } catch (TooMany e) {
      throw Errors.limit(span, "the jq program produced more than " + MAX_OUTPUTS + " outputs");
    } catch (JsonQueryException e) {
      throw Errors.type(span, "jq failed: " + firstLine(e.getMessage()));
    } catch (StackOverflowError e) {
      throw Errors.limit(span, "the jq program recursed too deeply");
    }
    if (out.isEmpty()) {
      return null;
    }
    if (out.size() == 1) {
      return Values.fromJson(out.get(0));
    }
    List<Object> values = new ArrayList<>(out.size());
    for (JsonNode n : out) {
      values.add(Values.fromJson(n));
    }
    return Collections.unmodifiableList(values);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
