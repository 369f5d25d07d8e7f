package dev.cql.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cql.entity.Entity;
import dev.cql.session.DataSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rule-test files: {@code cql test} files that test a scorecard's rules against data.
 *
 * <pre>
 * scorecard: production-readiness.yaml   # required: the scorecard, relative to this file
 * data: fixtures/acme                    # optional: a snapshot directory (default: the bundled demo)
 * now: 2026-11-01T12:00:00Z              # optional: the clock
 * entity: payments-api                   # optional: the default entity of the cases
 * cases:
 *   - entity: payments-api
 *     rule: has-buildkite                # a rule's identifier (or title)
 *     expect: pass                       # pass | fail | error | n/a
 *   - rule: few-failed-builds
 *     expect: fail
 *     message: "35 failed builds"        # optional: a substring of the failure (or error) message
 *   - entity: analytics-dashboard
 *     rule: recent-passed-build
 *     expect: error
 *     error: null-value                  # optional: the expected error kind
 *   - entity: payments-api
 *     level: Bronze                      # the level the entity holds ("No Level" for none)
 * </pre>
 * A case may also give {@code name} (unique in the file), {@code data} and {@code now}. Cases run in file order;
 * a scorecard that is refused fails the file.
 */
public final class RuleTestFile {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FILE_KEYS = Set.of("scorecard", "data", "now", "entity", "cases", "description");
  private static final Set<String> CASE_KEYS = Set.of("name", "entity", "rule", "expect", "error", "message", "level",
      "data", "now");

  private RuleTestFile() {}

  /** Opens the data session a case runs against. */
  @FunctionalInterface
  public interface SessionProvider {
    /**
     * @param data the snapshot directory named by the file or case (resolved against the file), or null for
     *     the default source
     * @param now the clock, or null for the real time
     */
    DataSession open(Path data, Instant now);
  }

  /** The result of one case (or, with id {@code (file)}, of a file that could not run). */
  public record CaseResult(String id, boolean passed, String detail) {}

  /** Whether the file is a rule-test file: a YAML mapping with a top-level {@code scorecard} key. */
  public static boolean isRuleTestFile(Path file) {
    try {
      JsonNode root = YAML.readTree(file.toFile());
      return root != null && root.isObject() && root.has("scorecard");
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs every case of the file. Sessions are opened once per (data, now) pair. */
  public static List<CaseResult> run(Path file, SessionProvider sessions) {
    List<CaseResult> out = new ArrayList<>();
    JsonNode root;
    try {
      root = YAML.readTree(dev.cql.io.TextFiles.readYaml(file));
    } catch (dev.cql.io.TextFiles.BadFile e) {
      return List.of(fail(file + (e.line() > 0 ? ":" + e.line() + ":" + e.column() : "") + ": " + e.getMessage()));
    } catch (IOException e) {
      return List.of(fail(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (root == null || !root.isObject() || !root.path("scorecard").isTextual() || !root.path("cases").isArray()) {
      return List.of(fail(file + ": a rule-test file is a mapping with 'scorecard: FILE' and a list under 'cases'"));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!FILE_KEYS.contains(k)) {
        return List.of(fail(file + ": unknown key '" + k + "' (a rule-test file has " + String.join(", ", FILE_KEYS.stream().sorted().toList()) + ")"));
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    Path scorecardFile = dir.resolve(root.get("scorecard").asText()).normalize();
    Path data = root.hasNonNull("data") ? dir.resolve(root.get("data").asText()).normalize() : null;
    Instant now;
    try {
      now = instant(root.get("now"));
    } catch (IllegalArgumentException e) {
      return List.of(fail(file + ": " + e.getMessage()));
    }
    String defaultEntity = text(root.get("entity"));

    Map<List<Object>, DataSession> opened = new HashMap<>();
    Map<DataSession, Scorecard> cards = new HashMap<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode c : root.get("cases")) {
      index++;
      String id = c.hasNonNull("name") ? c.get("name").asText() : "#" + index;
      if (!ids.add(id)) {
        out.add(new CaseResult(id, false, "the case name '" + id + "' is used twice"));
        continue;
      }
      try {
        out.add(runCase(id, c, file, dir, scorecardFile, data, now, defaultEntity, sessions, opened, cards));
      } catch (RefusedException e) {
        out.add(new CaseResult(id, false, e.getMessage()));
        // the same scorecard would be refused for every case: stop here
        break;
      } catch (IllegalArgumentException e) {
        out.add(new CaseResult(id, false, e.getMessage()));
      } catch (RuntimeException e) {
        out.add(new CaseResult(id, false, "internal error: " + e));
      }
    }
    return out;
  }

  private static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message);
    }
  }

  private static CaseResult runCase(String id, JsonNode c, Path file, Path dir, Path scorecardFile, Path fileData,
      Instant fileNow, String defaultEntity, SessionProvider sessions, Map<List<Object>, DataSession> opened,
      Map<DataSession, Scorecard> cards) {
    if (!c.isObject()) {
      throw new IllegalArgumentException("a case is a mapping with entity, rule and expect (or level)");
    }
    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!CASE_KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "' in the case (cases have "
            + String.join(", ", CASE_KEYS.stream().sorted().toList()) + ")");
      }
    }
    String entityTag = c.has("entity") ? text(c.get("entity")) : defaultEntity;
    if (entityTag == null) {
      throw new IllegalArgumentException("the case names no entity (give 'entity' in the case or the file)");
    }
    String rule = text(c.get("rule"));
    String level = text(c.get("level"));
    if ((rule == null) == (level == null)) {
      throw new IllegalArgumentException("a case needs exactly one of 'rule' (with 'expect') and 'level'");
    }
    String expect = text(c.get("expect"));
    Outcome expected = null;
    if (rule != null) {
      if (expect == null) {
        throw new IllegalArgumentException("the case needs 'expect: pass|fail|error|n/a'");
      }
      expected = switch (expect.toLowerCase(java.util.Locale.ROOT)) {
        case "pass", "passed" -> Outcome.PASSED;
        case "fail", "failed" -> Outcome.FAILED;
        case "error", "errored" -> Outcome.ERRORED;
        case "n/a", "not-applicable", "not applicable", "skip", "skipped" -> Outcome.NOT_APPLICABLE;
        default -> throw new IllegalArgumentException("'expect' is pass, fail, error or n/a, not '" + expect + "'");
      };
    } else if (expect != null) {
      throw new IllegalArgumentException("a 'level' case has no 'expect'");
    }
    Path data = c.has("data") ? (c.hasNonNull("data") ? dir.resolve(c.get("data").asText()).normalize() : null) : fileData;
    Instant now = c.has("now") ? instant(c.get("now")) : fileNow;

    DataSession session = opened.computeIfAbsent(java.util.Arrays.asList(data, now), k -> {
      try {
        return sessions.open(data, now);
      } catch (RuntimeException e) {
        throw new RefusedException("cannot open the data" + (data == null ? "" : " " + data) + ": " + e.getMessage());
      }
    });
    Scorecard card = cards.get(session);
    if (card == null) {
      try {
        card = Scorecard.load(scorecardFile, session.engine());
      } catch (IOException e) {
        throw new RefusedException("cannot read the scorecard " + scorecardFile + ": " + e.getMessage());
      } catch (ScorecardException e) {
        throw new RefusedException("the scorecard is refused:\n" + e.render());
      }
      cards.put(session, card);
    }
    Entity entity = session.entity(entityTag);
    Instant clock = now != null ? now : Instant.now();

    if (level != null) {
      ScorecardResult r = card.evaluate(session, List.of(entity), clock, Scorecard.defaultThreads(), null);
      EntityResult e = r.entities().get(0);
      String got = e.inScope() ? e.levelName() : "(not in scope)";
      return Objects.equals(got, level) ? new CaseResult(id, true, "")
          : new CaseResult(id, false, entityTag + ": expected the level " + level + ", got " + got + " (" + e.score() + "/"
              + e.total() + ")" + failing(e));
    }

    Scorecard sc = card;
    Rule target = card.rule(rule).orElseThrow(() -> new IllegalArgumentException("the scorecard has no rule '" + rule
        + "'" + dev.cql.lang.Suggest.didYouMean(rule, sc.rules().stream().map(Rule::identifier).toList())));
    RuleResult got = card.evaluateRule(session, entity, target, clock);
    String gotText = got.outcome().word() + (got.message() == null ? "" : ": " + got.message());
    if (got.outcome() != expected) {
      return new CaseResult(id, false, entityTag + " / " + target.identifier() + ": expected " + expect + ", got " + gotText);
    }
    String kind = text(c.get("error"));
    if (kind != null && !kind.equals(got.errorKind())) {
      return new CaseResult(id, false, entityTag + " / " + target.identifier() + ": expected error[" + kind + "], got "
          + gotText);
    }
    String message = text(c.get("message"));
    if (message != null && (got.message() == null || !got.message().contains(message))) {
      return new CaseResult(id, false, entityTag + " / " + target.identifier() + ": expected the message to contain '"
          + message + "', got " + gotText);
    }
    return new CaseResult(id, true, "");
  }

  private static String failing(EntityResult e) {
    List<String> bad = e.rules().stream()
        .filter(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.ERRORED)
        .map(r -> r.identifier() + " " + r.outcome().word()).toList();
    return bad.isEmpty() ? "" : "; not passed: " + String.join(", ", bad);
  }

  private static CaseResult fail(String detail) {
    return new CaseResult("(file)", false, detail);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Instant instant(JsonNode n) {
    String s = text(n);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'now' must be an ISO-8601 datetime, not '" + s + "'");
    }
  }
}
