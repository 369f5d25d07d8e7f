package dev.cql.store;

/** StoreSyncTest against a real PostgreSQL server (never skipped: no server is a failure). */
class StoreSyncPostgresTest extends StoreSyncTest {

  @Override
  StoreLocation location() {
    return StoreLocation.parse(PostgresServer.freshDatabase());
  }
}
