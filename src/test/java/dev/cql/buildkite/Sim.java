package dev.cql.buildkite;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers: the committed simulator snapshot and fast clients. */
final class Sim {

  static final String TOKEN = "bkua_test_0123456789abcdef_SECRET";

  /** Every log line of the clients made here, for the token-leak test. */
  static final List<String> LOG = new CopyOnWriteArrayList<>();

  private Sim() {}

  static Path data() {
    try {
      return Path.of(Sim.class.getResource("/buildkite/sim/pipelines.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path samples() {
    try {
      return Path.of(Sim.class.getResource("/buildkite/samples/access-token.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static SimulatorOptions options() {
    return SimulatorOptions.defaults().token(TOKEN);
  }

  static Simulator start() throws Exception {
    return Simulator.start(data(), options());
  }

  /** A client with millisecond retry delays. */
  static BuildkiteClient.Builder client(Simulator sim) {
    return BuildkiteClient.builder(sim.organization(), TOKEN)
        .baseUrl(sim.baseUrl())
        .retryBaseDelay(Duration.ofMillis(5))
        .retryMaxDelay(Duration.ofMillis(40))
        .requestTimeout(Duration.ofSeconds(5))
        .log(LOG::add);
  }
}
