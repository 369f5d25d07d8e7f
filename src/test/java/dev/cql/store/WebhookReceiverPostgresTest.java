package dev.cql.store;

/** WebhookReceiverTest against a real PostgreSQL server (never skipped: no server is a failure). */
class WebhookReceiverPostgresTest extends WebhookReceiverTest {

  @Override
  StoreLocation location() {
    return StoreLocation.parse(PostgresServer.freshDatabase());
  }
}
