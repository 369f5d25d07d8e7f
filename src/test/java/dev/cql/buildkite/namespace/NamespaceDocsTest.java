package dev.cql.buildkite.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The language reference lists the fields of pipeline and build objects and the criteria of the two listings
 * in prose; the field tables ({@link PipelineValue#TYPE}, {@link BuildValue#TYPE}) and the criterion
 * declarations ({@link Criteria}) are what the checker, the evaluator and the REPL read. This keeps the
 * prose and the tables naming the same things, so that neither can gain or lose a name alone.
 */
class NamespaceDocsTest {

  private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");

  private static String reference() throws IOException {
    return Files.readString(Path.of("grammar-docs/README.md")).replaceAll("\\s+", " ");
  }

  /** The text between {@code from} and the next {@code to}. */
  private static String between(String text, String from, String to) {
    int a = text.indexOf(from);
    assertThat(a).as("the reference has \"%s\"", from).isNotNegative();
    int b = text.indexOf(to, a + from.length());
    assertThat(b).as("the reference has \"%s\" after \"%s\"", to, from).isNotNegative();
    return text.substring(a + from.length(), b);
  }

  /** Names in backticks, leaving out parentheses' contents (the values of a field, such as action's). */
  private static Set<String> names(String prose) {
    String flat = prose.replaceAll("\\([^()]*\\)", "");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = CODE.matcher(flat);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theReferenceNamesExactlyTheFieldsOfPipelinesAndBuilds() throws IOException {
    String doc = reference();
    assertThat(names(between(doc, "Pipeline objects have the fields", "Build objects have")))
        .containsExactlyInAnyOrderElementsOf(PipelineValue.TYPE.fieldNames());
    assertThat(names(between(doc, "Build objects have", "Any other field")))
        .containsExactlyInAnyOrderElementsOf(BuildValue.TYPE.fieldNames());
  }

  @Test
  void theReferenceNamesExactlyTheCriteriaOfEachListing() throws IOException {
    String doc = reference();
    assertThat(names(between(doc, "`buildkite.pipelines(criteria)` takes", ". An unknown criterion")))
        .containsExactlyInAnyOrderElementsOf(Criteria.PIPELINE.stream().map(Criteria.Criterion::name).toList());
    assertThat(names(between(doc, "Criteria are named arguments, each one value or a list", "`buildkite.pipelines(criteria)` takes")))
        .containsExactlyInAnyOrderElementsOf(Criteria.BUILD.stream().map(Criteria.Criterion::name).toList());
  }
}
