package dev.cql.buildkite.namespace;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.Span;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RepositoryKey;
import dev.cql.eval.Errors;
import dev.cql.eval.Operators;
import dev.cql.eval.Temporals;
import dev.cql.eval.Values;
import dev.cql.lang.ConstantCheck;
import dev.cql.lang.NamedParam;
import dev.cql.lang.Suggest;
import dev.cql.lang.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The criteria of {@code buildkite.pipelines(...)} and {@code buildkite.builds(...)}: named arguments, each
 * one value or a list (any of). Each criterion is declared once, in {@link #PIPELINE} or {@link #BUILD}: its
 * name and other spelling, the values it takes, what it means, a check of constant values made at compile
 * time, and how its value is bound. Binding happens once per call from the evaluated values (or once per
 * compilation when the values are constants): into predicates over pipelines, a {@link BuildFilter} of build
 * criteria, and the build window.
 */
final class Criteria {

  /** One criterion's declaration; {@code alias} is its other spelling (singular or plural), or null. */
  record Criterion(String name, String alias, Type type, String summary, ConstantCheck check, Binder binder) {
    NamedParam param() {
      return new NamedParam(name, alias == null ? List.of() : List.of(alias), type, summary, check);
    }
  }

  /** Binds one criterion's evaluated value into the criteria of a call; type errors point at {@code span}. */
  @FunctionalInterface
  interface Binder {
    void bind(Criteria into, String name, Object value, Span span);
  }

  private static final Type STRINGS = Type.DYN; // a string or a list of strings

  /** The criteria of {@code pipelines()}. */
  static final List<Criterion> PIPELINE = List.of(
      pipelineField("description", "descriptions", "the pipeline description equals one of the values", Pipeline::description),
      gitRepository("git_repository", "git_repositories"),
      pipelineField("id", "ids", "the pipeline id is one of the values", Pipeline::id),
      pipelineField("name", "names", "the pipeline name is one of the values", Pipeline::name),
      pipelineField("slug", "slugs", "the pipeline slug is one of the values", Pipeline::slug),
      pipelineTags("tags", "tag"));

  /** The criteria of {@code builds()}. */
  static final List<Criterion> BUILD = List.of(
      new Criterion("branch", "branches", STRINGS, "the build's branch is one of the values (* is a wildcard)", null,
          (c, n, v, s) -> c.filter.branches(strings(n, v, s))),
      new Criterion("commit", "commits", STRINGS,
          "the commit is one of the values: a full SHA or a prefix of at least 7 characters",
          constantStrings(Criteria::checkCommit), (c, n, v, s) -> {
            List<String> commits = strings(n, v, s);
            commits.forEach(sha -> checkCommit(sha, s));
            c.filter.commits(commits);
          }),
      new Criterion("id", "ids", STRINGS, "the build id is one of the values", null,
          (c, n, v, s) -> c.filter.ids(strings(n, v, s))),
      new Criterion("message", "messages", STRINGS, "the build message contains one of the texts", null,
          (c, n, v, s) -> c.filter.messages(strings(n, v, s))),
      new Criterion("number", "numbers", Type.DYN, "the build number is one of the values", null, (c, n, v, s) -> {
        List<Long> numbers = new ArrayList<>();
        for (Object o : list(v)) {
          if (!(o instanceof Long x)) {
            throw Errors.type(s, "the number criterion takes integers, not " + Errors.a(o));
          }
          numbers.add(x);
        }
        c.filter.numbers(numbers);
      }),
      new Criterion("state", "states", STRINGS,
          "the state is one of the values, any case; finished means passed, failed, blocked or canceled",
          constantStrings(Criteria::checkState), (c, n, v, s) -> c.filter.states(strings(n, v, s))),
      new Criterion("created_from", null, Type.DATETIME,
          "only builds created at or after this datetime (or ISO text, a date alone meaning midnight UTC); sets the window",
          null, (c, n, v, s) -> c.createdFrom = datetime(n, v, s)),
      new Criterion("created_to", null, Type.DATETIME,
          "only builds created before this datetime (or ISO text, a date alone meaning midnight UTC)", null,
          (c, n, v, s) -> c.createdTo = datetime(n, v, s)),
      new Criterion("lookback", null, Type.DURATION,
          "the window: builds created within this duration (or ISO duration text such as \"P7D\") before now", null,
          (c, n, v, s) -> c.lookback = duration(n, v, s)),
      pipelineField("pipeline", "pipelines", "the pipeline slug is one of the values", Pipeline::slug),
      pipelineField("pipeline_id", "pipeline_ids", "the pipeline id is one of the values", Pipeline::id),
      pipelineField("pipeline_name", "pipeline_names", "the pipeline name is one of the values", Pipeline::name),
      pipelineField("pipeline_description", "pipeline_descriptions", "the pipeline description is one of the values",
          Pipeline::description),
      pipelineTags("pipeline_tags", "pipeline_tag"),
      gitRepository("git_repository", "git_repositories"));

  static final List<NamedParam> PIPELINE_PARAMS = PIPELINE.stream().map(Criterion::param).toList();
  static final List<NamedParam> BUILD_PARAMS = BUILD.stream().map(Criterion::param).toList();
  private static final Map<String, Criterion> PIPELINE_BY_NAME = index(PIPELINE);
  private static final Map<String, Criterion> BUILD_BY_NAME = index(BUILD);

  private static Map<String, Criterion> index(List<Criterion> criteria) {
    Map<String, Criterion> m = new LinkedHashMap<>();
    criteria.forEach(c -> m.put(c.name(), c));
    return Map.copyOf(m);
  }

  /** A criterion comparing a pipeline's string field with the wanted values. */
  private static Criterion pipelineField(String name, String alias, String summary, Function<Pipeline, String> field) {
    return new Criterion(name, alias, STRINGS, summary, null, (c, n, v, s) -> {
      Set<String> wanted = new HashSet<>(strings(n, v, s));
      c.pipelineTests.add(p -> wanted.contains(field.apply(p)));
    });
  }

  private static Criterion pipelineTags(String name, String alias) {
    return new Criterion(name, alias, STRINGS, "the pipeline carries one of the Buildkite tags", null, (c, n, v, s) -> {
      Set<String> wanted = new HashSet<>(strings(n, v, s));
      c.pipelineTests.add(p -> p.tags().stream().anyMatch(wanted::contains));
    });
  }

  private static Criterion gitRepository(String name, String alias) {
    return new Criterion(name, alias, STRINGS, "the pipeline's repository (normalised owner/repo) is one of the values",
        null, (c, n, v, s) -> {
          Set<String> keys = new HashSet<>();
          for (String w : strings(n, v, s)) {
            keys.add(RepositoryKey.fromEntity(null, w));
          }
          c.pipelineTests.add(p -> p.gitRepository() != null
              && keys.stream().anyMatch(k -> RepositoryKey.sameRepository(k, p.gitRepository())));
        });
  }

  final List<Predicate<Pipeline>> pipelineTests = new ArrayList<>();
  /** The build criteria (no pipelines, no window: the namespace adds those). */
  private final BuildFilter.Builder filter = BuildFilter.builder();
  BuildFilter buildCriteria;
  Instant createdFrom;
  Instant createdTo;
  /** A {@link Duration} or a {@code CalendarDuration} ({@code P1M}), or null. */
  Object lookback;

  /** Binds evaluated criterion values; type errors point at the criterion's name. */
  static Criteria bind(Map<String, Object> values, Map<String, Span> spans, boolean builds) {
    Criteria c = new Criteria();
    Map<String, Criterion> declared = builds ? BUILD_BY_NAME : PIPELINE_BY_NAME;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String name = e.getKey();
      declared.get(name).binder().bind(c, name, e.getValue(), spans.getOrDefault(name, Span.NONE));
    }
    c.buildCriteria = c.filter.build();
    if (c.createdFrom != null && c.lookback != null) {
      throw Errors.type(spans.getOrDefault("lookback", Span.NONE), "give either lookback or created_from, not both");
    }
    return c;
  }

  private static List<?> list(Object value) {
    if (value instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    return List.of(value == null ? Values.class : value); // a null marker that fails the type checks below
  }

  private static List<String> strings(String name, Object value, Span span) {
    List<String> out = new ArrayList<>();
    for (Object o : list(value)) {
      if (!(o instanceof String s)) {
        throw Errors.type(span, "the " + name + " criterion takes a string or a list of strings, not "
            + (o == Values.class ? "null" : Errors.a(o)));
      }
      out.add(s);
    }
    return out;
  }

  private static Instant datetime(String name, Object value, Span span) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof String s) {
      try {
        return Temporals.parseDatetime(s, span);
      } catch (CqlException e) {
        throw Errors.type(span, "the " + name + " criterion needs an ISO-8601 datetime such as \"2026-10-30\" or"
            + " \"2026-10-30T12:00:00Z\", not '" + s + "'");
      }
    }
    throw Errors.type(span, "the " + name + " criterion takes a datetime, not " + Errors.a(value));
  }

  private static Object duration(String name, Object value, Span span) {
    if (Operators.isDuration(value)) {
      return value;
    }
    if (value instanceof String s) {
      try {
        return Temporals.parseDuration(s, span);
      } catch (CqlException e) {
        throw Errors.type(span, "the " + name + " criterion needs an ISO-8601 duration such as \"P7D\", not '" + s + "'");
      }
    }
    throw Errors.type(span, "the " + name + " criterion takes a duration such as duration(\"P7D\"), not " + Errors.a(value));
  }

  /** Buildkite's build states; {@code finished} stands for the four finished ones. */
  static final List<String> STATES = List.of("creating", "scheduled", "running", "passed", "failing", "failed",
      "blocked", "canceling", "canceled", "skipped", "not_run", "finished");

  private static void checkState(String state, Span span) {
    if (!STATES.contains(state.toLowerCase(Locale.ROOT))) {
      throw Errors.unknownName(span, "Buildkite builds have no state '" + state + "'" + Suggest.didYouMean(state, STATES)
          + " (states: " + String.join(", ", STATES) + ")");
    }
  }

  private static void checkCommit(String sha, Span span) {
    if (sha.length() < 7) {
      throw Errors.type(span, "a commit criterion needs a full SHA or a prefix of at least 7 characters, not '" + sha + "'");
    }
  }

  /** A compile-time check of each string of a constant criterion value (other constants wait for run time). */
  private static ConstantCheck constantStrings(java.util.function.BiConsumer<String, Span> check) {
    return (value, span) -> {
      for (Object o : value instanceof List<?> l ? l : List.of(value == null ? Values.class : value)) {
        if (o instanceof String s) {
          check.accept(s, span);
        }
      }
    };
  }

  boolean matches(Pipeline p) {
    for (Predicate<Pipeline> t : pipelineTests) {
      if (!t.test(p)) {
        return false;
      }
    }
    return true;
  }
}
