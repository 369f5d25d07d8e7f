package dev.cql.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite. */
class BuildStoreTest extends StoreContract {

  @TempDir Path tmp;
  private int n;

  @org.junit.jupiter.api.Test
  void theSchemaVersionIsTheNewestMigrationOfEachEngine() throws Exception {
    for (String engine : java.util.List.of("sqlite", "postgresql")) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("src/main/resources/dev/cql/store/migration", engine))) {
        int newest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
            .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(String.valueOf(newest)).as(engine).isEqualTo(BuildStore.SCHEMA_VERSION);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void reopeningAStoreKeepsItsData() throws Exception {
    StoreLocation loc = StoreLocation.sqlite(tmp.resolve("reopen.db"));
    try (BuildStore s = BuildStore.open(loc)) {
      StoreSync.importSnapshot(FIXTURE, s, null, "https://api.buildkite.com");
    }
    try (BuildStore s = BuildStore.open(loc)) {
      org.assertj.core.api.Assertions.assertThat(s.countBuilds()).isEqualTo(118);
      org.assertj.core.api.Assertions.assertThat(s.state().organization()).isEqualTo("acme-inc");
    }
  }

  @org.junit.jupiter.api.Test
  void severalProcessesOpeningANewStoreAtOnceAllGetIt() throws Exception {
    StoreLocation loc = StoreLocation.sqlite(tmp.resolve("race.db"));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Long>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fs.add(pool.submit(() -> {
          try (BuildStore s = BuildStore.open(loc)) { // each its own pool, as separate processes would have
            s.bind("acme-inc", "https://api.buildkite.com", 30);
            return s.countBuilds();
          }
        }));
      }
      for (java.util.concurrent.Future<Long> f : fs) {
        org.assertj.core.api.Assertions.assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  StoreLocation location() {
    return StoreLocation.sqlite(tmp.resolve("store-" + (n++) + ".db"));
  }
}
