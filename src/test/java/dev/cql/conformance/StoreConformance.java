package dev.cql.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.store.BuildStore;
import dev.cql.store.StoreLocation;
import dev.cql.store.StoreSource;
import dev.cql.store.StoreSync;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every data-backed conformance case, answered by a build store the case's snapshot was imported into
 * instead of the snapshot itself: the results must be the same. Subclasses give the engine.
 */
abstract class StoreConformance {

  private static final Map<Path, BuildStore> STORES = new ConcurrentHashMap<>();

  abstract StoreLocation location(Path snapshot) throws Exception;

  @AfterAll
  static void closeStores() {
    STORES.values().forEach(BuildStore::close);
    STORES.clear();
  }

  @TestFactory
  Stream<DynamicTest> dataCasesFromTheStore() throws Exception {
    ConformanceRunner runner = new ConformanceRunner(new DataEnvironment(dir -> {
      BuildStore s = STORES.computeIfAbsent(dir, d -> {
        try {
          BuildStore store = BuildStore.open(location(d));
          StoreSync.importSnapshot(d, store, null, "https://api.buildkite.com");
          return store;
        } catch (Exception e) {
          throw new IllegalStateException("cannot import " + d + " into a store: " + e.getMessage(), e);
        }
      });
      return new StoreSource(s);
    }));
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : ConformanceFile.discover(List.of(ConformanceTest.ROOT))) {
      String prefix = ConformanceTest.ROOT.relativize(file).toString().replace('\\', '/');
      for (Case c : ConformanceFile.read(file)) {
        if (c.data() == null) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(prefix + "/" + c.id(), file.toUri(), () -> {
          ConformanceRunner.Outcome o = runner.run(c);
          assertThat(o.passed()).as("%s: %s", c.expr(), o.detail()).isTrue();
        }));
      }
    }
    assertThat(tests).as("data-backed cases").hasSizeGreaterThan(50);
    return tests.stream();
  }

}
