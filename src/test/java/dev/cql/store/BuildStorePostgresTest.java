package dev.cql.store;

/** The store contract on a real PostgreSQL server (never skipped: no server is a failure). */
class BuildStorePostgresTest extends StoreContract {

  @Override
  StoreLocation location() {
    return StoreLocation.parse(PostgresServer.freshDatabase());
  }
}
