package dev.cql.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite. */
class BuildStoreTest extends StoreContract {

  @TempDir Path tmp;
  private int n;

  @Override
  StoreLocation location() {
    return StoreLocation.sqlite(tmp.resolve("store-" + (n++) + ".db"));
  }
}
