package dev.cql.buildkite;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Settings of a {@link Simulator}; every setter returns this. */
public final class SimulatorOptions {

  String token = "sim-token";
  String organization;
  int port;
  Duration latency = Duration.ZERO;
  int rateLimit;
  Duration rateLimitWindow = Duration.ofSeconds(60);
  int defaultPerPage = 30;
  int maxPerPage = 100;
  int deepPaginationLimit;
  Set<String> scopes = new LinkedHashSet<>(List.of("read_pipelines", "read_builds", "read_organizations"));
  Faults faults = new Faults();
  int threads = 32;

  public static SimulatorOptions defaults() {
    return new SimulatorOptions();
  }

  /** The token a request must carry as {@code Authorization: Bearer <token>} (default "sim-token"). */
  public SimulatorOptions token(String t) {
    this.token = Objects.requireNonNull(t);
    return this;
  }

  /** The organization slug served (default: read from the pipelines' url, else "acme-inc"). */
  public SimulatorOptions organization(String slug) {
    this.organization = slug;
    return this;
  }

  /** The port on 127.0.0.1 (0, the default, picks a free one). */
  public SimulatorOptions port(int p) {
    this.port = p;
    return this;
  }

  /** Added to every response (default none). */
  public SimulatorOptions latency(Duration d) {
    this.latency = Objects.requireNonNull(d);
    return this;
  }

  /** Requests allowed per window before 429 (0, the default, disables limiting). */
  public SimulatorOptions rateLimit(int requestsPerWindow) {
    this.rateLimit = requestsPerWindow;
    return this;
  }

  /** Length of a fixed rate-limit window (default 60 s, as Buildkite). */
  public SimulatorOptions rateLimitWindow(Duration d) {
    this.rateLimitWindow = Objects.requireNonNull(d);
    return this;
  }

  /** {@code per_page} when absent (default 30, as Buildkite). */
  public SimulatorOptions defaultPerPage(int n) {
    this.defaultPerPage = n;
    return this;
  }

  /** Builds-list pages beyond this number answer 400 "Listing builds this deep..." (0 = never). */
  public SimulatorOptions deepPaginationLimit(int page) {
    this.deepPaginationLimit = page;
    return this;
  }

  /** The scopes the token has (default read_pipelines, read_builds, read_organizations). */
  public SimulatorOptions scopes(String... s) {
    this.scopes = new LinkedHashSet<>(List.of(s));
    return this;
  }

  public SimulatorOptions faults(Faults f) {
    this.faults = Objects.requireNonNull(f);
    return this;
  }

  /** Threads answering requests (default 32, so latency does not serialise them). */
  public SimulatorOptions threads(int n) {
    this.threads = n;
    return this;
  }
}
