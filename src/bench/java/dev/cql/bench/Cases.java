package dev.cql.bench;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The benchmarked expressions, each spelled in every engine's syntax, the plain Java data they run over,
 * and each one's expected answer (computed here in plain Java, not copied from an engine).
 */
final class Cases {

  private Cases() {}

  /**
   * One expression in the four syntaxes. vars: the root variables it reads (what its data binds); builds3k:
   * {@code builds} is the 3,000 Buildkite-like builds instead of the 100 small ones; usesNow: the peers get
   * the clock reading as a variable {@code now} (CQL has the {@code now()} function, read from its Context);
   * jexlScript: the JEXL text needs statements (a loop).
   */
  record Case(List<String> vars, boolean builds3k, boolean usesNow, String cql, String cel, String spel,
      String jexl, boolean jexlScript) {}

  static final Map<String, Case> CASES = new LinkedHashMap<>();

  private static void put(String key, List<String> vars, boolean builds3k, boolean usesNow, String cql,
      String cel, String spel, String jexl, boolean jexlScript) {
    CASES.put(key, new Case(vars, builds3k, usesNow, cql, cel, spel, jexl, jexlScript));
  }

  static {
    put("arith", List.of("x", "y"), false, false,
        "x * 2 + y > 10",
        "x * 2 + y > 10",
        "x * 2 + y > 10",
        "x * 2 + y > 10", false);
    put("bool", List.of("a", "b", "c"), false, false,
        "a > 1 AND b < 5 OR c == 3",
        "a > 1 && b < 5 || c == 3",
        "a > 1 && b < 5 || c == 3",
        "a > 1 && b < 5 || c == 3", false);
    put("string", List.of("name"), false, false,
        "name.startsWith(\"pay\") AND name.length > 3",
        "name.startsWith(\"pay\") && size(name) > 3",
        "name.startsWith('pay') && name.length() > 3",
        "name.startsWith('pay') && name.length() > 3", false);
    put("filter", List.of("builds"), false, false,
        "builds.filter(b => b.state == \"passed\").length >= 1",
        "builds.filter(b, b.state == \"passed\").size() >= 1",
        "builds.?[state == 'passed'].size() >= 1",
        "var n = 0; for (var b : builds) { if (b.state == 'passed') { n = n + 1; } } n >= 1", true);
    put("any", List.of("pipelines"), false, false,
        "pipelines.any(p => p.git_repository == \"org/repo-name\")",
        "pipelines.exists(p, p.git_repository == \"org/repo-name\")",
        "pipelines.^[git_repository == 'org/repo-name'] != null",
        "var found = false; for (var p : pipelines) { if (p.git_repository == 'org/repo-name') { found = true; break; } } found",
        true);
    // Literals: CQL folds this to a constant at compile time; CEL, SpEL and JEXL use binary doubles (false).
    put("decimal", List.of(), false, false,
        "0.1 + 0.2 == 0.3",
        "0.1 + 0.2 == 0.3",
        "0.1 + 0.2 == 0.3",
        "0.1 + 0.2 == 0.3", false);
    // The same sum over bound values (no folding): BigDecimal for CQL, SpEL, JEXL; double for CEL (no decimal type).
    put("decimalVars", List.of("p", "q", "r"), false, false,
        "p + q == r",
        "p + q == r",
        "p + q == r",
        "p + q == r", false);
    // Issue 14's arithmetic with a division: (7*3 + 3) / 2 - 15 % 7 = 12 - 1 = 11. The quotient is an integer,
    // so integer division (CEL, SpEL, JEXL) and CQL's exact division agree.
    put("arithDiv", List.of("x", "y", "z"), false, false,
        "(x * 3 + y) / 2 - z % 7 > 10",
        "(x * 3 + y) / 2 - z % 7 > 10",
        "(x * 3 + y) / 2 - z % 7 > 10",
        "(x * 3 + y) / 2 - z % 7 > 10", false);
    // The same with an odd dividend: CQL's quotient is the exact 12.5 (11.5 > 10), the peers' integer division
    // gives 12 (11 > 10). Same answer, different arithmetic: this row measures CQL's non-integral quotient.
    put("arithDivFrac", List.of("x", "w", "z"), false, false,
        "(x * 3 + w) / 2 - z % 7 > 10",
        "(x * 3 + w) / 2 - z % 7 > 10",
        "(x * 3 + w) / 2 - z % 7 > 10",
        "(x * 3 + w) / 2 - z % 7 > 10", false);
    // Issue 14: builds of the last 7 days among 3,000. Each engine's own idiom for the clock and the 7 days:
    // CQL now() (the Context's fixed clock reading) and duration("P7D"); CEL a timestamp variable now and
    // duration("168h") (CEL's duration syntax has no days); SpEL #root.now and java.time.Duration.parse;
    // JEXL now and Duration.parse through a namespace, the cut-off computed once before its loop.
    put("recent", List.of("builds"), true, true,
        "builds.filter(b => b.created_at > now() - duration(\"P7D\")).length",
        "builds.filter(b, b.created_at > now - duration(\"168h\")).size()",
        "builds.?[created_at > #root.now.minus(T(java.time.Duration).parse('P7D'))].size()",
        "var cutoff = now.minus(time:parse('P7D')); var n = 0; for (var b : builds) { if (b.created_at > cutoff) { n = n + 1; } } n",
        true);
    // Issue 14: count the passed builds among 3,000.
    put("passed3k", List.of("builds"), true, false,
        "builds.filter(b => b.state == \"passed\").length",
        "builds.filter(b, b.state == \"passed\").size()",
        "builds.?[state == 'passed'].size()",
        "var n = 0; for (var b : builds) { if (b.state == 'passed') { n = n + 1; } } n", true);
  }

  /**
   * What each engine must answer, computed from the data in plain Java. Where an engine's arithmetic differs
   * (binary doubles; CEL without decimals) the expected answer is that engine's, as flagged in BENCHMARKS.md.
   */
  static Object expected(String engine, String key) {
    switch (key) {
      case "arith":
        return 7L * 2 + 3 > 10;
      case "bool":
        return 2L > 1 && 7L < 5 || 3L == 3;
      case "string":
        return "payments-api".startsWith("pay") && "payments-api".length() > 3;
      case "filter":
        return smallBuilds().stream().filter(b -> b.get("state").equals("passed")).count() >= 1;
      case "any":
        return pipelines().stream().anyMatch(p -> p.get("git_repository").equals("org/repo-name"));
      case "decimal":
        return engine.equals("cql")
            ? new BigDecimal("0.1").add(new BigDecimal("0.2")).compareTo(new BigDecimal("0.3")) == 0
            : 0.1d + 0.2d == 0.3d; // 0.30000000000000004 != 0.3
      case "decimalVars":
        return engine.equals("cel")
            ? 0.1d + 0.2d == 0.3d
            : new BigDecimal("0.1").add(new BigDecimal("0.2")).compareTo(new BigDecimal("0.3")) == 0;
      case "arithDiv":
        return (7L * 3 + 3) / 2 - 15L % 7 > 10; // exact: 24 / 2 is an integer
      case "arithDivFrac":
        return engine.equals("cql")
            ? new BigDecimal(7 * 3 + 4).divide(BigDecimal.valueOf(2)).subtract(BigDecimal.valueOf(15 % 7))
                .compareTo(BigDecimal.TEN) > 0
            : (7L * 3 + 4) / 2 - 15L % 7 > 10;
      case "recent": {
        Instant cutoff = NOW.minus(Duration.ofDays(7));
        return builds3k().stream().filter(b -> ((Instant) b.get("created_at")).isAfter(cutoff)).count();
      }
      case "passed3k":
        return builds3k().stream().filter(b -> b.get("state").equals("passed")).count();
      default:
        throw new IllegalArgumentException(key);
    }
  }

  /** Whether an engine's answer is the expected one: a boolean, or a count (whatever integral type). */
  static void check(String engine, String key, Object result) {
    Object want = expected(engine, key);
    boolean ok = want instanceof Long n
        ? (result instanceof Long || result instanceof Integer) && ((Number) result).longValue() == n
        : want.equals(result);
    if (!ok) {
      throw new IllegalStateException(engine + " evaluated '" + key + "' to " + result
          + (result == null ? "" : " (" + result.getClass().getSimpleName() + ")") + ", expected " + want);
    }
  }

  static final String[] VARIABLES = {"x", "y", "z", "w", "a", "b", "c", "name", "builds", "pipelines", "p", "q", "r"};

  /** The clock reading of every evaluation (fixed, so that the recent-builds count is known). */
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  /** Build states, cycled (declared before the data built from them). */
  private static final String[] STATES = {"passed", "failed", "passed", "passed", "canceled", "passed", "failed",
      "passed", "running", "passed", "passed"};

  private static final List<Map<String, Object>> SMALL_BUILDS = buildSmallBuilds();
  private static final List<Map<String, Object>> PIPELINES = buildPipelines();
  private static final List<Map<String, Object>> BUILDS_3K = buildBuilds3k();

  static List<Map<String, Object>> smallBuilds() {
    return SMALL_BUILDS;
  }

  static List<Map<String, Object>> pipelines() {
    return PIPELINES;
  }

  static List<Map<String, Object>> builds3k() {
    return BUILDS_3K;
  }

  /** The data a case reads, as plain Java values (the maps and lists are shared, never changed). */
  static Map<String, Object> data(String key) {
    Case c = CASES.get(key);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("x", 7L);
    all.put("y", 3L);
    all.put("z", 15L);
    all.put("w", 4L);
    all.put("a", 2L);
    all.put("b", 7L);
    all.put("c", 3L);
    all.put("name", "payments-api");
    all.put("builds", c.builds3k() ? BUILDS_3K : SMALL_BUILDS);
    all.put("pipelines", PIPELINES);
    all.put("p", new BigDecimal("0.1"));
    all.put("q", new BigDecimal("0.2"));
    all.put("r", new BigDecimal("0.3"));
    Map<String, Object> v = new LinkedHashMap<>();
    for (String name : c.vars()) {
      v.put(name, all.get(name));
    }
    return v;
  }

  /** The peers' data: the case's data, plus the clock reading as {@code now} when the case uses it. */
  static Map<String, Object> peerData(String key) {
    Map<String, Object> v = data(key);
    if (CASES.get(key).usesNow()) {
      v.put("now", NOW);
    }
    return v;
  }

  /** Whether CEL needs its own copy of the data: it has no decimal type, so BigDecimals become doubles. */
  static boolean celNeedsConversion(Map<String, Object> data) {
    return data.values().stream().anyMatch(v -> v instanceof BigDecimal);
  }

  /** A CEL embedder's conversion of the data: BigDecimal to double (a new top-level map). */
  static Map<String, Object> toCel(Map<String, Object> data) {
    Map<String, Object> v = new LinkedHashMap<>(data);
    v.replaceAll((k, x) -> x instanceof BigDecimal d ? d.doubleValue() : x);
    return v;
  }

  private static List<Map<String, Object>> buildSmallBuilds() {
    List<Map<String, Object>> builds = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("number", (long) i);
      b.put("state", i % 10 == 3 ? "passed" : "failed");
      b.put("branch", "main");
      builds.add(b);
    }
    return List.copyOf(builds);
  }

  private static List<Map<String, Object>> buildPipelines() {
    List<Map<String, Object>> pipelines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("slug", "pipeline-" + i);
      // the match is the last element, so any/exists scans all 40
      p.put("git_repository", i == 39 ? "org/repo-name" : "org/repo-" + i);
      pipelines.add(p);
    }
    return List.copyOf(pipelines);
  }

  /**
   * 3,000 builds shaped like Buildkite's REST build objects (the fields a rule reads, no jobs), newest first,
   * one every 864 s over the 30 days before {@link #NOW}: 700 of them in the last 7 days. Timestamps are
   * {@link Instant}s, numbers Longs, nested objects maps.
   */
  private static List<Map<String, Object>> buildBuilds3k() {
    List<Map<String, Object>> builds = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Instant created = NOW.minusSeconds(i * 864L + 17);
      String state = STATES[i % STATES.length];
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("id", String.format("01908122-0c11-4e3b-9a71-%012x", i));
      b.put("number", 3000L - i);
      b.put("state", state);
      b.put("blocked", false);
      b.put("message", "Change " + (3000 - i));
      b.put("commit", String.format("%040x", i * 2654435761L));
      b.put("branch", i % 4 == 0 ? "feature-" + i : "main");
      b.put("source", i % 5 == 0 ? "schedule" : "webhook");
      b.put("web_url", "https://buildkite.com/acme-inc/api-service/builds/" + (3000 - i));
      b.put("created_at", created);
      b.put("scheduled_at", created);
      b.put("started_at", created.plusSeconds(4));
      b.put("finished_at", created.plusSeconds(4 + 60 + i % 600));
      Map<String, Object> creator = new LinkedHashMap<>();
      creator.put("id", "user-" + (i % 17));
      creator.put("name", "Developer " + (i % 17));
      creator.put("email", "dev" + (i % 17) + "@example.com");
      b.put("creator", creator);
      Map<String, Object> pipeline = new LinkedHashMap<>();
      pipeline.put("slug", "api-service");
      pipeline.put("name", "API service");
      b.put("pipeline", pipeline);
      builds.add(b);
    }
    return List.copyOf(builds);
  }

  // ---------------------------------------------------------------- engines

  static CqlEngine cqlEngine(long cacheSize) {
    return CqlEngine.builder().declare(VARIABLES).compileCacheSize(cacheSize).build();
  }

  /** What an embedder does per evaluation: Context.of(data), with the clock reading fixed. */
  static Context cqlContext(Map<String, Object> data) {
    Context.Builder b = Context.builder();
    data.forEach(b::bind);
    return b.now(NOW).build();
  }

  static Cel cel() {
    CelType row = MapType.create(SimpleType.STRING, SimpleType.DYN);
    return CelFactory.standardCelBuilder()
        // timestamps and durations as java.time values, so the builds' Instants are CEL timestamps
        .setOptions(CelOptions.current().evaluateCanonicalTypesToNativeValues(true).build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("x", SimpleType.INT).addVar("y", SimpleType.INT).addVar("z", SimpleType.INT)
        .addVar("w", SimpleType.INT)
        .addVar("a", SimpleType.INT).addVar("b", SimpleType.INT).addVar("c", SimpleType.INT)
        .addVar("name", SimpleType.STRING)
        .addVar("builds", ListType.create(row))
        .addVar("pipelines", ListType.create(row))
        .addVar("p", SimpleType.DOUBLE).addVar("q", SimpleType.DOUBLE).addVar("r", SimpleType.DOUBLE)
        .addVar("now", SimpleType.TIMESTAMP)
        .build();
  }

  /**
   * SpEL 7 stops an evaluation after 10,000 operations by default, which the recent-builds shape over 3,000
   * builds exceeds; the limit is raised to 10,000,000 (CQL's default work budget is also 10,000,000).
   */
  static SpelExpressionParser spelParser(boolean compiled) {
    SpelParserConfiguration.Builder b = SpelParserConfiguration.builder().maximumOperations(10_000_000);
    if (compiled) {
      b.compilerMode(SpelCompilerMode.MIXED).compilerClassLoader(Cases.class.getClassLoader());
    }
    return new SpelExpressionParser(b.build());
  }

  /** Root object: the variables map, read through MapAccessor so names are written bare (x, not #x). */
  static StandardEvaluationContext spelContext(Map<String, Object> data) {
    StandardEvaluationContext ctx = new StandardEvaluationContext(data);
    ctx.addPropertyAccessor(new MapAccessor());
    return ctx;
  }

  /**
   * Strict JEXL with its default (restricted) permissions plus java.time, which they leave out; the namespace
   * {@code time} is java.time.Duration's static methods ({@code time:parse(...)}).
   */
  static JexlEngine jexl(int cacheSize) {
    return new JexlBuilder().strict(true).silent(false).cache(cacheSize)
        .permissions(JexlPermissions.RESTRICTED.compose("java.time.*"))
        .namespaces(Map.of("time", Duration.class)).create();
  }

  /** JEXL's context over the data, read in place (a MapContext wraps the map; the scripts only set locals). */
  static MapContext jexlContext(Map<String, Object> data) {
    return new MapContext(data);
  }
}
