package dev.cql.cli;

import dev.cql.session.DataSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The options shared by the commands that read data (interfaces.md). */
final class DataOptions {

  @Option(names = "--data", paramLabel = "DIR", description = "a snapshot directory; its entities/ are the entities")
  Path data;

  @Option(names = "--org", paramLabel = "SLUG", description = "the Buildkite organization (live API; token in BUILDKITE_API_TOKEN); default: $BUILDKITE_ORGANIZATION_SLUG")
  String org;

  @Option(names = "--api-url", paramLabel = "URL", description = "replaces https://api.buildkite.com (plain http only to a loopback address)")
  String apiUrl;

  @Option(names = "--entities", paramLabel = "DIR", description = "entity descriptors, overriding the snapshot's")
  Path entities;

  @Option(names = "--now", paramLabel = "ISO-8601", description = "the clock (default: the real time)")
  String now;

  @Option(names = {"-q", "--quiet"}, description = "no warnings or notes on stderr (errors are still shown)")
  boolean quiet;

  /** The clock reading, or null for the real time. */
  Instant now() {
    return now == null ? null : EvalCommand.parseNow(now);
  }

  /** Opens the data source the options name (the demo dataset when none). */
  DataSession open(PrintWriter err) {
    return Sessions.open(this, err);
  }
}
