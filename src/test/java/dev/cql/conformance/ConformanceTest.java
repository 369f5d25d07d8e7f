package dev.cql.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of grammar-docs/conformance as one JUnit test named {@code file/case}. */
class ConformanceTest {

  static final Path ROOT = Path.of("grammar-docs", "conformance");

  @TestFactory
  Stream<DynamicTest> conformance() throws Exception {
    ConformanceRunner runner = new ConformanceRunner(Environments.forTests());
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : ConformanceFile.discover(List.of(ROOT))) {
      String prefix = ROOT.relativize(file).toString().replace('\\', '/');
      for (Case c : ConformanceFile.read(file)) {
        tests.add(DynamicTest.dynamicTest(prefix + "/" + c.id(), file.toUri(), () -> {
          ConformanceRunner.Outcome o = runner.run(c);
          assertThat(o.passed()).as("%s: %s", c.expr(), o.detail()).isTrue();
        }));
      }
    }
    return tests.stream();
  }
}
