package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the data commands report a bad --api-url and a host that cannot be reached. */
class ConnectionCliTest {

  static final String ENTITIES = "grammar-docs/conformance/fixtures/acme/entities";

  @AfterEach
  void restoreEnvironment() {
    Sessions.env = System::getenv;
    Sessions.clientSettings = b -> b;
  }

  @Test
  void aMalformedApiUrlIsAUsageError() {
    Sessions.env = Map.of("BUILDKITE_API_TOKEN", "bkua_connection_cli_test")::get;
    for (String command : new String[] {"eval", "repl", "scorecard"}) {
      String[] args = command.equals("eval") ? new String[] {"eval", "--org", "acme-inc", "--api-url", "notaurl", "1"}
          : command.equals("repl") ? new String[] {"repl", "--plain", "--org", "acme-inc", "--api-url", "notaurl"}
          : new String[] {"scorecard", "examples/production-readiness.yaml", "--org", "acme-inc", "--api-url", "notaurl"};
      Cli.Run r = Cli.run(args);
      assertThat(r.code()).as(command).isEqualTo(64);
      assertThat(r.err()).as(command).startsWith("cql: the API URL must be https://host[:port]").contains("notaurl")
          .doesNotContain("Exception");
    }
  }

  @Test
  void anUnreachableHostIsNamedWithoutJavaExceptionText() {
    Sessions.env = Map.of("BUILDKITE_API_TOKEN", "t")::get;
    Sessions.clientSettings = b -> b.connectTimeout(java.time.Duration.ofMillis(600)).retryBaseDelay(java.time.Duration.ofMillis(200));
    Cli.Run r = Cli.run("eval", "--org", "acme-inc", "--api-url", "http://127.0.0.1:9", "--entities", ENTITIES,
        "--entity", "payments-api", "buildkite != null");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error[data] 1:1: Buildkite data could not be read: cannot connect to 127.0.0.1:9: ")
        .contains("gave up after").doesNotContain("Exception").doesNotContain("[REDACTED]");
  }
}
