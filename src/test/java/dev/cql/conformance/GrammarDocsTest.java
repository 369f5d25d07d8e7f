package dev.cql.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.error.CqlException;
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

  /** One example; {@code attrs} are the code block's settings, e.g. {@code data=... entity=... now=...}. */
  record Example(Path file, int line, String expr, String expected, java.util.Map<String, String> attrs) {}

  private static final DataEnvironment DATA = new DataEnvironment();

  static List<Example> examples(Path file) throws Exception {
    List<Example> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    boolean inCql = false;
    java.util.Map<String, String> attrs = java.util.Map.of();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      String t = l.strip();
      if (t.startsWith("```")) {
        String[] info = t.substring(3).strip().split("\\s+");
        inCql = !inCql && info[0].equals("cql");
        attrs = new java.util.LinkedHashMap<>();
        for (int k = 1; inCql && k < info.length; k++) {
          String[] kv = info[k].split("=", 2);
          attrs.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        continue;
      }
      if (!inCql || t.isEmpty() || t.startsWith("//")) {
        continue;
      }
      int arrow = t.lastIndexOf(" ==> ");
      if (arrow < 0) {
        throw new AssertionError(file + ":" + (i + 1) + ": a cql example needs 'EXPR ==> RESULT': " + t);
      }
      out.add(new Example(file, i + 1, t.substring(0, arrow).strip(), t.substring(arrow + 5).strip(), attrs));
    }
    return out;
  }

  private static String run(Example ex) {
    java.util.Map<String, Object> bindings = new java.util.LinkedHashMap<>();
    ex.attrs().forEach((k, v) -> {
      if (k.startsWith("bind:")) { // ```cql bind:o={"a":1} binds o to a JSON value (no spaces)
        try {
          bindings.put(k.substring(5), dev.cql.eval.Values.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(v)));
        } catch (Exception e) {
          throw new AssertionError(ex.file() + ":" + ex.line() + ": bad binding " + k + "=" + v, e);
        }
      }
    });
    if (!bindings.isEmpty()) {
      Context.Builder b = CONTEXT.toBuilder();
      bindings.forEach(b::bind);
      return ENGINE.compile(ex.expr(), bindings.keySet()).evaluate(b.build()).toString();
    }
    if (ex.attrs().isEmpty()) {
      return ENGINE.compile(ex.expr()).evaluate(CONTEXT).toString();
    }
    // A block such as ```cql data=conformance/fixtures/acme entity=payments-api now=2026-11-01T12:00:00Z
    String data = ex.attrs().get("data");
    Path dataDir = data == null ? null : ex.file().getParent().resolve(data).normalize();
    Instant now = Instant.parse(ex.attrs().getOrDefault("now", "2026-11-01T12:00:00Z"));
    CaseEnvironment.Prepared p = DATA.prepare(dataDir, ex.attrs().get("entity"), now, java.util.Map.of());
    return p.engine().compile(ex.expr()).evaluate(p.context()).toString();
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
            actual = run(ex);
          } catch (CqlException e) {
            // "==> error[KIND]" checks the kind; "==> error[KIND] L:C: message" the whole first line.
            actual = ex.expected().startsWith("error[") && ex.expected().contains(" ")
                ? "error[" + e.kind().id() + "] " + e.line() + ":" + e.column() + ": " + e.getMessage()
                : "error[" + e.kind().id() + "]";
          }
          assertThat(actual).as("%s:%d %s", ex.file(), ex.line(), ex.expr()).isEqualTo(ex.expected());
        }));
      }
    }
    assertThat(tests).as("grammar-docs has examples").isNotEmpty();
    return tests.stream();
  }
}
