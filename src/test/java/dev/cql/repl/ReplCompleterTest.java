package dev.cql.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.session.DataSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.junit.jupiter.api.Test;

class ReplCompleterTest {

  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final Repl REPL = new Repl(DataSession.demo(NOW, () -> {}), NOW);

  /** Completes at the end of the text the way JLine does: the REPL's parser finds the word, the completer answers. */
  static List<String> complete(String text) {
    ParsedLine line = REPL.parser().parse(text, text.length(), Parser.ParseContext.COMPLETE);
    List<Candidate> out = new ArrayList<>();
    REPL.completer().complete(null, line, out);
    return out.stream().map(Candidate::value).toList();
  }

  @Test
  void theParserFindsTheWordUnderTheCursor() {
    ParsedLine l = REPL.parser().parse("buildkite.bu", 12, Parser.ParseContext.COMPLETE);
    assertThat(l.word()).isEqualTo("bu");
    assertThat(l.wordCursor()).isEqualTo(2);
    assertThat(REPL.parser().parse(":entity pay", 11, Parser.ParseContext.COMPLETE).word()).isEqualTo("pay");
    assertThat(REPL.parser().parse(":ent", 4, Parser.ParseContext.COMPLETE).word()).isEqualTo(":ent");
    assertThat(REPL.parser().parse("now() + dur", 7, Parser.ParseContext.COMPLETE).word()).isEmpty();
  }

  @Test
  void rootNamesAtTheStartOfAnExpression() {
    assertThat(complete("")).contains("buildkite", "entity", "now()", "duration(", "custom(", "true");
    assertThat(complete("bu")).containsExactly("buildkite");
    assertThat(complete("1 + du")).containsExactly("duration(");
  }

  @Test
  void namespaceMembers() {
    assertThat(complete("buildkite.")).contains("builds(", "pipelines(");
    assertThat(complete("buildkite.bui")).containsExactly("builds(");
    assertThat(complete("entity.")).contains("tag()", "name()", "groups()").doesNotContain("filter(");
  }

  @Test
  void methodsByTheReceiversKind() {
    assertThat(complete("[1, 2].")).contains("filter(", "length", "sum()", "any(").doesNotContain("toLowerCase()", "keys()");
    assertThat(complete("\"x\".")).contains("toLowerCase()", "startsWith(", "length").doesNotContain("filter(", "sum()");
    assertThat(complete("buildkite.builds().")).contains("filter(", "any(", "length").doesNotContain("trim()");
    assertThat(complete("buildkite.builds(states=[\"failed\"]).filter((b) => b.state == \"x\").fi"))
        .containsExactly("filter(", "first()");
    assertThat(complete("entity.name().")).contains("matches(").doesNotContain("sum()");
    assertThat(complete("now().")).containsExactly("fromNow()");
  }

  @Test
  void criteriaInsideBuildsAndPipelines() {
    assertThat(complete("buildkite.builds(")).contains("state=", "states=", "branch=", "lookback=", "pipeline=")
        .doesNotContain("buildkite", "slug=");
    assertThat(complete("buildkite.builds(states=[\"failed\"], br")).containsExactlyInAnyOrder("branch=", "branches=");
    assertThat(complete("buildkite.pipelines(")).contains("slug=", "tags=", "git_repository=").doesNotContain("state=");
  }

  @Test
  void fieldsOfALambdaParameterOverBuilds() {
    assertThat(complete("buildkite.builds().any((b) => b.")).contains("branch", "state", "created_at", "pipeline", "keys()");
    assertThat(complete("buildkite.builds().any(b => b.pipeline.")).contains("slug", "git_repository").doesNotContain("branch");
    assertThat(complete("buildkite.builds().filter((b) => b.branch.")).contains("startsWith(").doesNotContain("branch");
    assertThat(complete("buildkite.pipelines().map((p) => p.s")).containsExactly("slug", "size()");
    assertThat(complete("buildkite.builds()[0].sta")).containsExactly("state", "started_at");
    // the parameter itself is offered inside the lambda
    assertThat(complete("buildkite.builds().any((build) => bui")).contains("build", "buildkite");
  }

  @Test
  void unknownReceiversGetEveryMethod() {
    assertThat(complete("jq(entity.descriptor(), \".x\").")).contains("filter(", "toLowerCase()", "keys()");
  }

  @Test
  void nothingInsideStringsOrAfterAnOperand() {
    assertThat(complete("\"buil")).isEmpty();
    assertThat(complete("1 ")).containsExactly("AND", "OR", "in");
  }

  @Test
  void commandsAndEntityTags() {
    assertThat(complete(":en")).containsExactly(":entity", ":entities");
    assertThat(complete(":entity pay")).containsExactly("payments-api");
    assertThat(complete(":entity ")).contains("web-frontend", "payments-api").hasSize(28);
    assertThat(complete(":time o")).containsExactly("on", "off");
    assertThat(complete(":explain buildkite.pi")).containsExactly("pipelines(");
  }
}
