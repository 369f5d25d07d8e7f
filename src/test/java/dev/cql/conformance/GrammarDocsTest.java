package dev.cql.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.error.CqlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every example in grammar-docs: each line {@code EXPR ==> RESULT} in a {@code cql} code block must
 * print RESULT (the text form of {@code cql eval}) or fail with {@code error[KIND]}.
 */
class GrammarDocsTest {

  private static final CqlEngine ENGINE = CqlEngine.builder().build();
  private static final Context CONTEXT = Context.builder().now(Instant.parse("2026-11-01T12:00:00Z")).build();

  record Example(Path file, int line, String expr, String expected) {}

  static List<Example> examples(Path file) throws Exception {
    List<Example> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    boolean inCql = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      String t = l.strip();
      if (t.startsWith("```")) {
        inCql = !inCql && t.substring(3).strip().equals("cql");
        continue;
      }
      if (!inCql || t.isEmpty() || t.startsWith("//")) {
        continue;
      }
      int arrow = t.lastIndexOf(" ==> ");
      if (arrow < 0) {
        throw new AssertionError(file + ":" + (i + 1) + ": a cql example needs 'EXPR ==> RESULT': " + t);
      }
      out.add(new Example(file, i + 1, t.substring(0, arrow).strip(), t.substring(arrow + 5).strip()));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyExampleRuns() throws Exception {
    List<Path> docs;
    try (Stream<Path> s = Files.walk(Path.of("grammar-docs"))) {
      docs = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : docs) {
      for (Example ex : examples(doc)) {
        tests.add(DynamicTest.dynamicTest(doc.getFileName() + ":" + ex.line() + " " + ex.expr(), () -> {
          String actual;
          try {
            actual = ENGINE.compile(ex.expr()).evaluate(CONTEXT).toString();
          } catch (CqlException e) {
            actual = "error[" + e.kind().id() + "]";
          }
          assertThat(actual).as("%s:%d %s", ex.file(), ex.line(), ex.expr()).isEqualTo(ex.expected());
        }));
      }
    }
    assertThat(tests).as("grammar-docs has examples").isNotEmpty();
    return tests.stream();
  }
}
