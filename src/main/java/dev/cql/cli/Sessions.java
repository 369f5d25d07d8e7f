package dev.cql.cli;

import dev.cql.buildkite.BuildkiteClient;
import dev.cql.buildkite.CachedBuildkiteSource;
import dev.cql.entity.CatalogProblem;
import dev.cql.entity.EntityCatalog;
import dev.cql.session.DataSession;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.function.Consumer;

/** Turns data options into a {@link DataSession}. */
final class Sessions {

  private Sessions() {}

  /** Where environment variables come from (tests replace it; nothing else does). */
  static java.util.function.UnaryOperator<String> env = System::getenv;

  /** Adjusts the Buildkite client's settings (tests shorten its timeouts; nothing else does). */
  static java.util.function.UnaryOperator<BuildkiteClient.Builder> clientSettings = b -> b;

  static DataSession open(DataOptions o, PrintWriter err) {
    Instant now = o.now() != null ? o.now() : Instant.now();
    String org = o.org != null ? o.org : env.apply("BUILDKITE_ORGANIZATION_SLUG");
    Consumer<EntityCatalog> report = catalog -> {
      for (CatalogProblem p : catalog.problems()) {
        if (o.quiet && !p.isError()) {
          continue;
        }
        err.println("cql: " + p);
      }
      err.flush();
    };
    if (o.entities != null && !Files.isDirectory(o.entities)) {
      throw new Main.UsageException("--entities " + o.entities + " is not a directory");
    }
    if (o.data != null) {
      if (o.org != null) {
        throw new Main.UsageException("give --data or --org, not both");
      }
      if (!Files.isRegularFile(o.data.resolve("pipelines.json"))) {
        throw new Main.UsageException("--data " + o.data + " is not a snapshot directory (no pipelines.json)");
      }
      return DataSession.snapshot(o.data, o.entities, report);
    }
    if (org != null) {
      String token = env.apply("BUILDKITE_API_TOKEN");
      if (token == null || token.isBlank()) {
        throw new Main.UsageException("set BUILDKITE_API_TOKEN to an API access token with the read_pipelines and"
            + " read_builds scopes to use --org");
      }
      BuildkiteClient.Builder b;
      try {
        b = BuildkiteClient.builder(org, token);
        if (o.apiUrl != null) {
          b.baseUrl(o.apiUrl);
        }
        b = clientSettings.apply(b);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(e.getMessage());
      }
      BuildkiteClient.Builder settings = b;
      // the options are checked here (the builder validates them); the client and its cache are made when an
      // evaluation first reads data
      return DataSession.api(() -> new CachedBuildkiteSource(settings.build()), o.entities, report);
    }
    if (o.apiUrl != null) {
      throw new Main.UsageException("--api-url needs --org (or BUILDKITE_ORGANIZATION_SLUG)");
    }
    DataSession demo = DataSession.demo(now, () -> {
      if (o.quiet) {
        return;
      }
      err.println("cql: no --data or --org given: using the bundled demo organization (acme-inc)");
      err.flush();
    });
    return o.entities != null ? demo.withCatalog(o.entities, report) : demo;
  }
}
