package dev.cql.buildkite.namespace;

import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.RepositoryKey;
import dev.cql.eval.Errors;
import dev.cql.eval.FunctionSpec.NamedParam;
import dev.cql.eval.Values;
import dev.cql.lang.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The criteria of {@code buildkite.pipelines(...)} and {@code buildkite.builds(...)}: named arguments, each
 * one value or a list (any of). Bound once per call from their values (or once per compilation when the
 * values are constants) into predicates over pipelines and builds and a build window.
 */
final class Criteria {

  static final List<NamedParam> PIPELINE_PARAMS = List.of(
      param("description", "descriptions", "the pipeline description equals one of the values"),
      param("git_repository", "git_repositories", "the pipeline's repository (normalised owner/repo) is one of the values"),
      param("id", "ids", "the pipeline id is one of the values"),
      param("name", "names", "the pipeline name is one of the values"),
      param("slug", "slugs", "the pipeline slug is one of the values"),
      param("tags", "tag", "the pipeline carries one of the Buildkite tags"));

  static final List<NamedParam> BUILD_PARAMS = List.of(
      param("branch", "branches", "the build's branch is one of the values (* is a wildcard)"),
      param("commit", "commits", "the commit is one of the values: a full SHA or a prefix of at least 7 characters"),
      param("id", "ids", "the build id is one of the values"),
      param("message", "messages", "the build message contains one of the texts"),
      param("number", "numbers", "the build number is one of the values"),
      param("state", "states", "the state is one of the values, any case; finished means passed, failed, blocked or canceled"),
      param("created_from", "created_after", "only builds created at or after this datetime (sets the window)"),
      param("created_to", "created_before", "only builds created before this datetime"),
      param("lookback", "lookbacks", "the window: builds created within this duration before now"),
      param("pipeline", "pipelines", "the pipeline slug is one of the values"),
      param("pipeline_id", "pipeline_ids", "the pipeline id is one of the values"),
      param("pipeline_name", "pipeline_names", "the pipeline name is one of the values"),
      param("pipeline_description", "pipeline_descriptions", "the pipeline description is one of the values"),
      param("pipeline_tags", "pipeline_tag", "the pipeline carries one of the Buildkite tags"),
      param("git_repository", "git_repositories", "the pipeline's repository (normalised owner/repo) is one of the values"));

  private static NamedParam param(String name, String alias, String summary) {
    return new NamedParam(name, List.of(alias), summary);
  }

  final List<Predicate<Pipeline>> pipelineTests = new ArrayList<>();
  /** The build criteria (no pipelines, no window: the namespace adds those). */
  private final BuildFilter.Builder filter = BuildFilter.builder();
  BuildFilter buildCriteria;
  Instant createdFrom;
  Instant createdTo;
  Duration lookback;

  /** Binds evaluated criterion values; type errors point at the criterion's name. */
  static Criteria bind(Map<String, Object> values, Map<String, Span> spans, boolean builds) {
    Criteria c = new Criteria();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String name = e.getKey();
      Span span = spans.getOrDefault(name, Span.NONE);
      Object value = e.getValue();
      String pipelineField = builds ? pipelineCriterion(name) : name;
      if (pipelineField != null) {
        c.pipelineTests.add(pipelineTest(pipelineField, name, value, span));
        continue;
      }
      switch (name) {
        case "branch" -> c.filter.branches(strings(name, value, span));
        case "commit" -> {
          List<String> commits = strings(name, value, span);
          for (String sha : commits) {
            if (sha.length() < 7) {
              throw Errors.type(span, "a commit criterion needs a full SHA or a prefix of at least 7 characters, not '" + sha + "'");
            }
          }
          c.filter.commits(commits);
        }
        case "id" -> c.filter.ids(strings(name, value, span));
        case "message" -> c.filter.messages(strings(name, value, span));
        case "number" -> {
          List<Long> numbers = new ArrayList<>();
          for (Object o : list(value)) {
            if (!(o instanceof Long n)) {
              throw Errors.type(span, "the number criterion takes integers, not " + Errors.a(o));
            }
            numbers.add(n);
          }
          c.filter.numbers(numbers);
        }
        case "state" -> c.filter.states(strings(name, value, span));
        case "created_from" -> c.createdFrom = datetime(name, value, span);
        case "created_to" -> c.createdTo = datetime(name, value, span);
        case "lookback" -> c.lookback = duration(name, value, span);
        default -> throw new IllegalStateException("criterion " + name);
      }
    }
    c.buildCriteria = c.filter.build();
    if (c.createdFrom != null && c.lookback != null) {
      throw Errors.type(spans.getOrDefault("lookback", Span.NONE), "give either lookback or created_from, not both");
    }
    return c;
  }

  private static String pipelineCriterion(String buildsName) {
    return switch (buildsName) {
      case "pipeline" -> "slug";
      case "pipeline_id" -> "id";
      case "pipeline_name" -> "name";
      case "pipeline_description" -> "description";
      case "pipeline_tags" -> "tags";
      case "git_repository" -> "git_repository";
      default -> null;
    };
  }

  private static Predicate<Pipeline> pipelineTest(String field, String name, Object value, Span span) {
    Set<String> wanted = new HashSet<>(strings(name, value, span));
    return switch (field) {
      case "slug" -> p -> wanted.contains(p.slug());
      case "id" -> p -> wanted.contains(p.id());
      case "name" -> p -> wanted.contains(p.name());
      case "description" -> p -> wanted.contains(p.description());
      case "tags" -> p -> p.tags().stream().anyMatch(wanted::contains);
      case "git_repository" -> {
        Set<String> keys = new HashSet<>();
        for (String w : wanted) {
          keys.add(RepositoryKey.fromEntity(null, w));
        }
        yield p -> p.gitRepository() != null && keys.stream().anyMatch(k -> RepositoryKey.sameRepository(k, p.gitRepository()));
      }
      default -> throw new IllegalStateException(field);
    };
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
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw Errors.type(span, "the " + name + " criterion needs an ISO-8601 datetime, not '" + s + "'");
      }
    }
    throw Errors.type(span, "the " + name + " criterion takes a datetime, not " + Errors.a(value));
  }

  private static Duration duration(String name, Object value, Span span) {
    if (value instanceof Duration d) {
      return d;
    }
    if (value instanceof String s) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw Errors.type(span, "the " + name + " criterion needs an ISO-8601 duration such as \"P7D\", not '" + s + "'");
      }
    }
    throw Errors.type(span, "the " + name + " criterion takes a duration such as duration(\"P7D\"), not " + Errors.a(value));
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
