package dev.cql.conformance;

import dev.cql.store.PostgresServer;
import dev.cql.store.StoreLocation;
import java.nio.file.Path;

/** The data-backed conformance cases from a PostgreSQL store (a real server; never skipped). */
class StoreConformancePostgresTest extends StoreConformance {

  @Override
  StoreLocation location(Path snapshot) {
    return StoreLocation.parse(PostgresServer.freshDatabase());
  }
}
