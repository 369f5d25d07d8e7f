package dev.cql.bench;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.MapContext;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The benchmarked expressions, each spelled in every engine's syntax, and the shared data they run over.
 * Every engine reads the same Java objects (the CQL Context converts them once, at bind time, like the
 * others' contexts which are also built once).
 */
final class Cases {

  private Cases() {}

  /** One expression in the four syntaxes. jexlScript: the JEXL text needs statements (a loop). */
  record Case(String cql, String cel, String spel, String jexl, boolean jexlScript) {}

  static final Map<String, Case> CASES = new LinkedHashMap<>();

  static {
    CASES.put("arith", new Case(
        "x * 2 + y > 10",
        "x * 2 + y > 10",
        "x * 2 + y > 10",
        "x * 2 + y > 10", false));
    CASES.put("bool", new Case(
        "a > 1 AND b < 5 OR c == 3",
        "a > 1 && b < 5 || c == 3",
        "a > 1 && b < 5 || c == 3",
        "a > 1 && b < 5 || c == 3", false));
    CASES.put("string", new Case(
        "name.startsWith(\"pay\") AND name.length > 3",
        "name.startsWith(\"pay\") && size(name) > 3",
        "name.startsWith('pay') && name.length() > 3",
        "name.startsWith('pay') && name.length() > 3", false));
    CASES.put("filter", new Case(
        "builds.filter(b => b.state == \"passed\").length >= 1",
        "builds.filter(b, b.state == \"passed\").size() >= 1",
        "builds.?[state == 'passed'].size() >= 1",
        "var n = 0; for (var b : builds) { if (b.state == 'passed') { n = n + 1; } } n >= 1", true));
    CASES.put("any", new Case(
        "pipelines.any(p => p.git_repository == \"org/repo-name\")",
        "pipelines.exists(p, p.git_repository == \"org/repo-name\")",
        "pipelines.^[git_repository == 'org/repo-name'] != null",
        "var found = false; for (var p : pipelines) { if (p.git_repository == 'org/repo-name') { found = true; break; } } found",
        true));
    // Literals: CQL folds this to a constant at compile time; CEL, SpEL and JEXL use binary doubles (false).
    CASES.put("decimal", new Case(
        "0.1 + 0.2 == 0.3",
        "0.1 + 0.2 == 0.3",
        "0.1 + 0.2 == 0.3",
        "0.1 + 0.2 == 0.3", false));
    // The same sum over bound values (no folding): BigDecimal for CQL, SpEL, JEXL; double for CEL (no decimal type).
    CASES.put("decimalVars", new Case(
        "p + q == r",
        "p + q == r",
        "p + q == r",
        "p + q == r", false));
  }

  /** What each engine answers; CQL's answer is the reference, the listed exceptions are the double-based engines. */
  static boolean expected(String engine, String key) {
    if (key.equals("decimal") && !engine.equals("cql")) {
      return false; // 0.30000000000000004 != 0.3
    }
    if (key.equals("decimalVars") && engine.equals("cel")) {
      return false;
    }
    return true;
  }

  static final String[] VARIABLES = {"x", "y", "a", "b", "c", "name", "builds", "pipelines", "p", "q", "r"};

  /** The data, as plain Java values. */
  static Map<String, Object> data() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("x", 7L);
    v.put("y", 3L);
    v.put("a", 2L);
    v.put("b", 7L);
    v.put("c", 3L);
    v.put("name", "payments-api");
    List<Map<String, Object>> builds = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("number", (long) i);
      b.put("state", i % 10 == 3 ? "passed" : "failed");
      b.put("branch", "main");
      builds.add(b);
    }
    v.put("builds", builds);
    List<Map<String, Object>> pipelines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("slug", "pipeline-" + i);
      // the match is the last element, so any/exists scans all 40
      p.put("git_repository", i == 39 ? "org/repo-name" : "org/repo-" + i);
      pipelines.add(p);
    }
    v.put("pipelines", pipelines);
    v.put("p", new BigDecimal("0.1"));
    v.put("q", new BigDecimal("0.2"));
    v.put("r", new BigDecimal("0.3"));
    return v;
  }

  /** CEL has no decimal type: it gets doubles for p, q, r. */
  static Map<String, Object> celData() {
    Map<String, Object> v = data();
    v.put("p", 0.1d);
    v.put("q", 0.2d);
    v.put("r", 0.3d);
    return v;
  }

  // ---------------------------------------------------------------- engines

  static CqlEngine cqlEngine(long cacheSize) {
    return CqlEngine.builder().declare(VARIABLES).compileCacheSize(cacheSize).build();
  }

  static Context cqlContext(Map<String, Object> data) {
    Context.Builder b = Context.builder();
    data.forEach(b::bind);
    return b.build();
  }

  static Cel cel() {
    CelType row = MapType.create(SimpleType.STRING, SimpleType.DYN);
    return CelFactory.standardCelBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("x", SimpleType.INT).addVar("y", SimpleType.INT)
        .addVar("a", SimpleType.INT).addVar("b", SimpleType.INT).addVar("c", SimpleType.INT)
        .addVar("name", SimpleType.STRING)
        .addVar("builds", ListType.create(row))
        .addVar("pipelines", ListType.create(row))
        .addVar("p", SimpleType.DOUBLE).addVar("q", SimpleType.DOUBLE).addVar("r", SimpleType.DOUBLE)
        .build();
  }

  static SpelExpressionParser spelParser(boolean compiled) {
    return compiled
        ? new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, Cases.class.getClassLoader()))
        : new SpelExpressionParser();
  }

  /** Root object: the variables map, read through MapAccessor so names are written bare (x, not #x). */
  static StandardEvaluationContext spelContext(Map<String, Object> data) {
    StandardEvaluationContext ctx = new StandardEvaluationContext(data);
    ctx.addPropertyAccessor(new MapAccessor());
    return ctx;
  }

  static JexlEngine jexl(int cacheSize) {
    return new JexlBuilder().strict(true).silent(false).cache(cacheSize).create();
  }

  static MapContext jexlContext(Map<String, Object> data) {
    return new MapContext(new LinkedHashMap<>(data));
  }
}
