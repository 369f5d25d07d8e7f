package dev.cql.conformance;

import dev.cql.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data-backed conformance cases from a SQLite store. */
class StoreConformanceTest extends StoreConformance {

  @Override
  StoreLocation location(Path snapshot) throws Exception {
    return StoreLocation.sqlite(Files.createTempDirectory("cql-conformance").resolve("store.db"));
  }
}
