package dev.cql.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.api.CqlExpression;
import dev.cql.api.EvaluationResult;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Runs conformance cases and says, for each, whether it passed and if not, why. */
public final class ConformanceRunner {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CaseEnvironment environment;

  public ConformanceRunner(CaseEnvironment environment) {
    this.environment = environment;
  }

  /** The outcome of one case; {@code detail} says what differed when it failed. */
  public record Outcome(Case testCase, boolean passed, String detail) {}

  public Outcome run(Case c) {
    CaseEnvironment.Prepared prepared;
    try {
      prepared = environment.prepare(c.data(), c.entity(), c.now(), c.bindings());
    } catch (RuntimeException e) {
      return new Outcome(c, false, "cannot set up the case: " + e.getMessage());
    }
    List<Warning> warnings = new ArrayList<>();
    Object actual;
    try {
      CqlExpression e = prepared.engine().compile(c.expr(), c.bindings().keySet());
      warnings.addAll(e.warnings());
      EvaluationResult r = e.evaluateDetailed(prepared.context());
      warnings.addAll(r.warnings());
      actual = r.value().toPlain();
    } catch (CqlException e) {
      return checkError(c, e, warnings);
    } catch (RuntimeException e) {
      return new Outcome(c, false, "internal error: " + e);
    }
    if (c.error() != null) {
      return new Outcome(c, false, "expected error[" + c.error() + "], got the value " + json(actual));
    }
    JsonNode actualJson = JSON.valueToTree(actual);
    boolean same;
    try {
      same = sameJson(c.result(), actualJson);
    } catch (NumberFormatException e) {
      // YAML reads 1e999999 as infinity: the case is wrong, the run goes on
      return new Outcome(c, false, "the expected result " + c.result() + " holds a number that is not finite;"
          + " CQL numbers are decimals with an exponent within ±" + dev.cql.lang.Num.MAX_EXPONENT);
    }
    if (!same) {
      return new Outcome(c, false, "expected " + c.result() + ", got " + actualJson);
    }
    return checkWarnings(c, warnings);
  }

  private Outcome checkError(Case c, CqlException e, List<Warning> warnings) {
    String got = "error[" + e.kind().id() + "] " + e.line() + ":" + e.column() + ": " + e.getMessage();
    if (c.error() == null) {
      return new Outcome(c, false, "expected " + c.result() + ", got " + got);
    }
    if (!c.error().equals(e.kind().id())) {
      return new Outcome(c, false, "expected error[" + c.error() + "], got " + got);
    }
    if (c.at() != null && (c.at()[0] != e.line() || c.at()[1] != e.column())) {
      return new Outcome(c, false, "expected the error at " + c.at()[0] + ":" + c.at()[1] + ", got " + got);
    }
    if (c.message() != null && !e.getMessage().contains(c.message())) {
      return new Outcome(c, false, "expected the message to contain '" + c.message() + "', got " + got);
    }
    return checkWarnings(c, warnings);
  }

  private Outcome checkWarnings(Case c, List<Warning> warnings) {
    if (c.warnings() == null) {
      return new Outcome(c, true, "");
    }
    if (warnings.size() != c.warnings().size()) {
      return new Outcome(c, false, "expected " + c.warnings().size() + " warning(s), got " + warnings);
    }
    for (String expected : c.warnings()) {
      if (warnings.stream().noneMatch(w -> w.message().contains(expected))) {
        return new Outcome(c, false, "expected a warning containing '" + expected + "', got " + warnings);
      }
    }
    return new Outcome(c, true, "");
  }

  private static String json(Object v) {
    return JSON.valueToTree(v).toString();
  }

  /** JSON equality with numbers compared by value (1 == 1.0). */
  static boolean sameJson(JsonNode expected, JsonNode actual) {
    if (expected == null || expected.isNull()) {
      return actual == null || actual.isNull();
    }
    if (expected.isNumber() && actual.isNumber()) {
      return new BigDecimal(expected.asText()).compareTo(new BigDecimal(actual.asText())) == 0;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      for (int i = 0; i < expected.size(); i++) {
        if (!sameJson(expected.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (expected.isObject() && actual.isObject()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!actual.has(e.getKey()) || !sameJson(e.getValue(), actual.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual);
  }
}
