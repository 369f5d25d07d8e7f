package dev.cql.cli;

import dev.cql.session.DataSession;
import java.io.PrintWriter;
import java.time.Instant;

/** Turns data options into a {@link DataSession}. */
final class Sessions {

  private Sessions() {}

  static DataSession open(DataOptions o, PrintWriter err) {
    Instant now = o.now() != null ? o.now() : Instant.now();
    String org = o.org != null ? o.org : System.getenv("BUILDKITE_ORGANIZATION_SLUG");
    if (o.data != null || org != null) {
      throw new Main.UsageException("--data and --org arrive with the Buildkite data source");
    }
    return DataSession.demo(now, () -> {
      err.println("cql: no --data or --org given: using the bundled demo organization (acme-inc)");
      err.flush();
    });
  }
}
