package dev.cql.scorecard;

import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import dev.cql.lang.Suggest;
import dev.cql.scorecard.YamlTree.Entry;
import dev.cql.scorecard.YamlTree.ListNode;
import dev.cql.scorecard.YamlTree.MapNode;
import dev.cql.scorecard.YamlTree.Node;
import dev.cql.scorecard.YamlTree.Pos;
import dev.cql.scorecard.YamlTree.Scalar;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a scorecard file (Cortex's scorecard YAML) and compiles every expression in it. */
final class ScorecardParser {

  static final Set<String> TOP_KEYS = Set.of("tag", "name", "description", "draft", "notifications", "exemptions",
      "evaluation", "ladder", "rules", "filter");
  static final Set<String> LADDER_KEYS = Set.of("name", "levels");
  static final Set<String> LEVEL_KEYS = Set.of("name", "rank", "description", "color");
  static final Set<String> RULE_KEYS = Set.of("title", "identifier", "expression", "weight", "level", "levelName",
      "description", "failureMessage", "effectiveFrom", "filter");
  static final Set<String> FILTER_KEYS = Set.of("kind", "types", "groups", "query", "category");
  static final Set<String> INCLUDE_KEYS = Set.of("include", "exclude");

  private final String text;
  private final String file;
  private final CqlEngine engine;
  private final String[] lines;
  private final List<Problem> problems = new ArrayList<>();

  private ScorecardParser(String text, String file, CqlEngine engine) {
    this.text = text;
    this.file = file;
    this.engine = engine;
    this.lines = text.split("\r\n|\r|\n", -1);
  }

  static Scorecard parse(String text, String file, CqlEngine engine) throws ScorecardException {
    return new ScorecardParser(text, file, engine).parse();
  }

  private Scorecard parse() throws ScorecardException {
    Node root;
    try {
      root = YamlTree.parse(text);
    } catch (YamlTree.YamlException e) {
      error(e.pos, null, e.getMessage());
      throw refused();
    }
    if (!(root instanceof MapNode top)) {
      error(root.pos(), null, "a scorecard file is a mapping with tag, name and rules, not " + root.describe());
      throw refused();
    }
    unknownKeys(top, TOP_KEYS, null, "scorecard");
    String tag = string(top, "tag", true, null);
    String name = string(top, "name", true, null);
    String description = string(top, "description", false, null);
    if (tag != null && !tag.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      error(valuePos(top, "tag"), null, "the tag '" + tag + "' should contain only letters, digits, '-', '_' and '.'");
    }
    List<Level> levels = ladder(top);
    EntityFilter filter = top.get("filter") == null ? null : filter(top.get("filter"), null, "the scorecard's filter");
    List<Rule> rules = rules(top, levels);
    if (problems.stream().anyMatch(Problem::isError)) {
      throw refused();
    }
    return new Scorecard(tag, name, description, file, text, levels, rules, filter, sorted());
  }

  // ---- ladder

  private List<Level> ladder(MapNode top) {
    Node n = top.get("ladder");
    if (n == null || isNull(n)) {
      return List.of();
    }
    if (!(n instanceof MapNode ladder)) {
      error(n.pos(), null, "'ladder' must be a mapping with 'levels', not " + n.describe());
      return List.of();
    }
    unknownKeys(ladder, LADDER_KEYS, null, "ladder");
    string(ladder, "name", false, null);
    Node ln = ladder.get("levels");
    if (ln == null || isNull(ln)) {
      return List.of();
    }
    if (!(ln instanceof ListNode list)) {
      error(ln.pos(), null, "'levels' must be a list of levels (name, rank), not " + ln.describe());
      return List.of();
    }
    List<Level> levels = new ArrayList<>();
    Map<String, Pos> names = new HashMap<>();
    Map<Integer, Pos> ranks = new HashMap<>();
    for (Node item : list.items()) {
      if (!(item instanceof MapNode m)) {
        error(item.pos(), null, "a level is a mapping with name and rank, not " + item.describe());
        continue;
      }
      unknownKeys(m, LEVEL_KEYS, null, "level");
      String lname = string(m, "name", true, null);
      Integer rank = integer(m, "rank", null, true, 1);
      String color = string(m, "color", false, null);
      if (color != null && !color.matches("#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,30}")) {
        warn(valuePos(m, "color"), null, "the color '" + color + "' is neither #RGB / #RRGGBB nor a color name: not shown");
        color = null;
      }
      if (lname == null || rank == null) {
        continue;
      }
      if (names.containsKey(lname)) {
        error(valuePos(m, "name"), null, "the level name '" + lname + "' is used twice (first at " + names.get(lname) + ")");
        continue;
      }
      if (ranks.containsKey(rank)) {
        error(valuePos(m, "rank"), null, "the rank " + rank + " is used twice (first at " + ranks.get(rank) + ")");
        continue;
      }
      names.put(lname, valuePos(m, "name"));
      ranks.put(rank, valuePos(m, "rank"));
      levels.add(new Level(lname, rank, string(m, "description", false, null), color));
    }
    levels.sort(Comparator.comparingInt(Level::rank));
    return List.copyOf(levels);
  }

  // ---- rules

  private List<Rule> rules(MapNode top, List<Level> levels) {
    Node n = top.get("rules");
    if (n == null) {
      error(top.pos(), null, "the scorecard has no 'rules'");
      return List.of();
    }
    if (!(n instanceof ListNode list)) {
      error(n.pos(), null, "'rules' must be a list of rules, not " + n.describe());
      return List.of();
    }
    if (list.items().isEmpty()) {
      warn(n.pos(), null, "the scorecard has no rules");
    }
    Set<String> levelNames = new LinkedHashSet<>();
    levels.forEach(l -> levelNames.add(l.name()));
    List<Rule> rules = new ArrayList<>();
    Map<String, Pos> identifiers = new HashMap<>();
    Set<String> generated = new HashSet<>();
    int index = 0;
    for (Node item : list.items()) {
      index++;
      if (!(item instanceof MapNode m)) {
        error(item.pos(), "rule #" + index, "a rule is a mapping with title and expression, not " + item.describe());
        continue;
      }
      String title = string(m, "title", false, "rule #" + index);
      String label = title != null ? "rule \"" + title + "\"" : "rule #" + index;
      unknownKeys(m, RULE_KEYS, label, "rule");
      String identifier = string(m, "identifier", false, label);
      String expression = string(m, "expression", false, label);
      CqlExpression compiled = null;
      if (expression == null) {
        if (m.get("expression") == null) {
          error(m.pos(), label, "the rule has no 'expression'");
        }
      } else {
        compiled = compile(m.get("expression"), expression, label);
      }
      Integer weight = integer(m, "weight", label, false, 0);
      String level = string(m, "level", false, label);
      String levelKey = "level";
      if (level == null && m.get("levelName") != null) {
        level = string(m, "levelName", false, label);
        levelKey = "levelName";
      }
      if (level != null && !levelNames.contains(level)) {
        error(valuePos(m, levelKey), label, levelNames.isEmpty()
            ? "the rule names the level '" + level + "', but the scorecard has no ladder"
            : "no level '" + level + "' in the ladder" + Suggest.didYouMean(level, levelNames)
                + " (levels: " + String.join(", ", levelNames) + ")");
      }
      String failureMessage = string(m, "failureMessage", false, label);
      String description = string(m, "description", false, label);
      Instant effectiveFrom = null;
      String ef = string(m, "effectiveFrom", false, label);
      if (ef != null) {
        try {
          effectiveFrom = OffsetDateTime.parse(ef).toInstant();
        } catch (DateTimeParseException e) {
          error(valuePos(m, "effectiveFrom"), label, "'effectiveFrom' must be an ISO-8601 datetime such as 2024-01-01T00:00:00Z, not '" + ef + "'");
        }
      }
      EntityFilter filter = m.get("filter") == null || isNull(m.get("filter")) ? null
          : filter(m.get("filter"), label, label + "'s filter");
      if (title == null && identifier == null) {
        warn(m.pos(), label, "the rule has neither a title nor an identifier; it is called 'rule-" + index + "'");
      }
      if (identifier != null) {
        if (identifiers.containsKey(identifier)) {
          error(valuePos(m, "identifier"), label, "the identifier '" + identifier + "' is used twice (first at "
              + identifiers.get(identifier) + ")");
        }
        identifiers.put(identifier, valuePos(m, "identifier"));
      } else {
        String base = title != null ? slug(title) : "rule-" + index;
        identifier = base;
        for (int k = 2; identifiers.containsKey(identifier) || generated.contains(identifier); k++) {
          identifier = base + "-" + k;
        }
        generated.add(identifier);
      }
      Pos ep = valuePos(m, "expression");
      rules.add(new Rule(identifier, title != null ? title : identifier, description, expression, compiled,
          weight == null ? 1 : weight, level, failureMessage, effectiveFrom, filter, m.pos().line(), ep.line(),
          ep.column()));
    }
    // a generated identifier may collide with an explicit one written later
    for (Rule r : rules) {
      if (generated.contains(r.identifier()) && identifiers.containsKey(r.identifier())) {
        error(identifiers.get(r.identifier()), null, "the identifier '" + r.identifier()
            + "' is also the one derived from the title of the rule at line " + r.line() + "; give that rule an identifier");
      }
    }
    return List.copyOf(rules);
  }

  static String slug(String title) {
    String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "rule" : s;
  }

  // ---- filters

  private EntityFilter filter(Node n, String rule, String what) {
    if (!(n instanceof MapNode m)) {
      error(n.pos(), rule, what + " must be a mapping (kind, types, groups, query), not " + n.describe());
      return null;
    }
    unknownKeys(m, FILTER_KEYS, rule, "filter");
    String kind = string(m, "kind", false, rule);
    if (kind != null && !kind.equals("GENERIC")) {
      warn(valuePos(m, "kind"), rule, "filter kind '" + kind + "' is not GENERIC; types, groups and query are applied as usual");
    }
    if (m.get("category") != null) {
      warn(m.entries().get("category").keyPos(), rule, "the legacy filter key 'category' is ignored; use types: {include: [...]}");
    }
    List<List<String>> types = includeExclude(m, "types", rule);
    List<List<String>> groups = includeExclude(m, "groups", rule);
    String query = string(m, "query", false, rule);
    CqlExpression compiled = null;
    String qlabel = rule == null ? "the scorecard's filter query" : rule + ", filter query";
    if (query != null) {
      compiled = compile(m.get("query"), query, qlabel);
    }
    if (types.get(0).isEmpty() && types.get(1).isEmpty() && groups.get(0).isEmpty() && groups.get(1).isEmpty()
        && query == null && m.get("category") == null) {
      warn(m.pos(), rule, what + " has no types, groups or query: it keeps every entity");
    }
    Pos qp = query == null ? new Pos(0, 0) : valuePos(m, "query");
    return new EntityFilter(types.get(0), types.get(1), groups.get(0), groups.get(1), query, compiled, qp.line(),
        qp.column());
  }

  /** [include, exclude] of a {@code types} or {@code groups} entry; a bare list is taken as include. */
  private List<List<String>> includeExclude(MapNode m, String key, String rule) {
    Node n = m.get(key);
    List<String> include = new ArrayList<>();
    List<String> exclude = new ArrayList<>();
    if (n == null || isNull(n)) {
      return List.of(include, exclude);
    }
    if (n instanceof ListNode) {
      warn(n.pos(), rule, "'" + key + "' is a list: taken as " + key + ": {include: [...]}");
      include.addAll(strings(n, key, rule));
    } else if (n instanceof MapNode mm) {
      unknownKeys(mm, INCLUDE_KEYS, rule, key);
      if (mm.get("include") != null) {
        include.addAll(strings(mm.get("include"), key + ".include", rule));
      }
      if (mm.get("exclude") != null) {
        exclude.addAll(strings(mm.get("exclude"), key + ".exclude", rule));
      }
    } else {
      error(n.pos(), rule, "'" + key + "' must be a mapping such as {include: [a, b]} or {exclude: [c]}, not " + n.describe());
    }
    return List.of(include, exclude);
  }

  private List<String> strings(Node n, String what, String rule) {
    List<String> out = new ArrayList<>();
    if (n instanceof Scalar s && s.value() instanceof String str) {
      out.add(str);
      return out;
    }
    if (!(n instanceof ListNode l)) {
      error(n.pos(), rule, "'" + what + "' must be a list of names, not " + n.describe());
      return out;
    }
    for (Node item : l.items()) {
      if (item instanceof Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
        out.add(s.value().toString());
      } else {
        error(item.pos(), rule, "'" + what + "' must list names, not " + item.describe());
      }
    }
    return out;
  }

  // ---- expressions

  private CqlExpression compile(Node node, String source, String label) {
    Pos start = node.pos();
    try {
      CqlExpression e = engine.compile(source);
      for (Warning w : e.warnings()) {
        Pos at = YamlTree.locate(text, start, source, w.span().start());
        problems.add(new Problem(Problem.Severity.WARNING, file, at.line(), at.column(), null, label, w.message(),
            line(at.line())));
      }
      return e;
    } catch (CqlException e) {
      int offset = e.span() == null ? 0 : e.span().start();
      Pos at = YamlTree.locate(text, start, source, offset);
      problems.add(new Problem(Problem.Severity.ERROR, file, at.line(), at.column(), e.kind().id(), label,
          e.getMessage(), line(at.line())));
      return null;
    }
  }

  // ---- scalar helpers

  private String string(MapNode m, String key, boolean required, String rule) {
    Node n = m.get(key);
    if (n == null) {
      if (required) {
        error(m.pos(), rule, "'" + key + "' is required");
      }
      return null;
    }
    if (n instanceof Scalar s) {
      if (s.value() == null) {
        if (required) {
          error(n.pos(), rule, "'" + key + "' must not be empty");
        }
        return null;
      }
      String v = s.value().toString();
      if (required && v.isBlank()) {
        error(n.pos(), rule, "'" + key + "' must not be empty");
        return null;
      }
      return v;
    }
    error(n.pos(), rule, "'" + key + "' must be a string, not " + n.describe());
    return null;
  }

  private Integer integer(MapNode m, String key, String rule, boolean required, int min) {
    Node n = m.get(key);
    if (n == null || isNull(n)) {
      if (required) {
        error(n == null ? m.pos() : n.pos(), rule, "'" + key + "' is required");
      }
      return null;
    }
    Object v = n instanceof Scalar s ? s.value() : null;
    BigInteger i = null;
    if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
      i = new BigInteger(v.toString());
    } else if ((v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue())) {
      i = null; // 1e400 reads as infinity: out of range, said below
    } else if (v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
      BigDecimal d = new BigDecimal(v.toString());
      // compare before converting: 1e999999999 as a BigInteger would have a billion digits
      if (d.abs().compareTo(BigDecimal.valueOf(1_000_001)) > 0) {
        i = BigInteger.valueOf(1_000_001);
      } else if (d.stripTrailingZeros().scale() <= 0) {
        i = d.toBigInteger();
      }
    }
    if (i == null || i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(1_000_000)) > 0) {
      error(n.pos(), rule, "'" + key + "' must be a whole number" + (min == 0 ? " (0 or more)" : " of at least " + min)
          + " and at most 1000000, not " + (v == null ? n.describe() : v));
      return null;
    }
    return i.intValue();
  }

  private static boolean isNull(Node n) {
    return n instanceof Scalar s && s.isNull();
  }

  private static Pos valuePos(MapNode m, String key) {
    Entry e = m.entries().get(key);
    return e == null ? m.pos() : e.value().pos();
  }

  private void unknownKeys(MapNode m, Set<String> known, String rule, String where) {
    for (Entry e : m.entries().values()) {
      if (!known.contains(e.key())) {
        warn(e.keyPos(), rule, "unknown key '" + e.key() + "' in the " + where + " is ignored"
            + Suggest.didYouMean(e.key(), known));
      }
    }
  }

  private void error(Pos pos, String rule, String message) {
    problems.add(new Problem(Problem.Severity.ERROR, file, pos.line(), pos.column(), "scorecard", rule, message, line(pos.line())));
  }

  private void warn(Pos pos, String rule, String message) {
    problems.add(new Problem(Problem.Severity.WARNING, file, pos.line(), pos.column(), null, rule, message, line(pos.line())));
  }

  private String line(int n) {
    return n >= 1 && n <= lines.length ? lines[n - 1] : null;
  }

  private List<Problem> sorted() {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return out;
  }

  private ScorecardException refused() {
    return new ScorecardException(sorted());
  }
}
