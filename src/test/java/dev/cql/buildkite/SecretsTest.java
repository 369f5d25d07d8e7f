package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretsTest {

  static final String TOKEN = "bkua_0123456789abcdef";

  @Test
  void aWholeTokenIsRedacted() {
    assertThat(Secrets.redact("bad header Bearer " + TOKEN + ".", TOKEN)).isEqualTo("bad header Bearer [REDACTED].");
    assertThat(Secrets.redact("?access_token=" + TOKEN + "&x=1", TOKEN)).isEqualTo("?access_token=[REDACTED]&x=1");
    assertThat(Secrets.redact(TOKEN + " " + TOKEN, TOKEN)).isEqualTo("[REDACTED] [REDACTED]");
    assertThat(Secrets.contains("x " + TOKEN, TOKEN)).isTrue();
  }

  @Test
  void ordinaryWordsAndShortTokensAreLeftAlone() {
    String message = "GET /v2/organizations/acme-inc/pipelines failed: connection reset";
    assertThat(Secrets.redact(message, "t")).isEqualTo(message);
    assertThat(Secrets.redact(message, "acme")).isEqualTo(message); // too short to be a secret
    assertThat(Secrets.redact("the organizations list", "organiza")).isEqualTo("the organizations list"); // not whole
    assertThat(Secrets.contains(message, "t")).isFalse();
    assertThat(Secrets.redact(null, TOKEN)).isNull();
  }

  @Test
  void theReplHistoryKeepsLinesWhenTheTokenIsTooShortToBeASecret() {
    assertThat(new dev.cql.repl.FilteringHistory("t").admits("entity.tag()")).isTrue();
    assertThat(new dev.cql.repl.FilteringHistory(TOKEN).admits("\"" + TOKEN + "\".length")).isFalse();
  }

  @Test
  void aShortTestTokenDoesNotGarbleClientMessages() throws Exception {
    try (Simulator sim = Simulator.start(Sim.data(), SimulatorOptions.defaults().token("t"))) {
      BuildkiteClient c = BuildkiteClient.builder("nope", "t").baseUrl(sim.baseUrl()).log(l -> { }).build();
      BuildkiteException e = org.junit.jupiter.api.Assertions.assertThrows(BuildkiteException.class, c::listPipelines);
      assertThat(e.getMessage()).contains("organization 'nope' not found").contains("the token was granted access")
          .doesNotContain("[REDACTED]");
      sim.faults().failNext(1, Faults.Fault.status(500));
      BuildkiteClient one = BuildkiteClient.builder(sim.organization(), "t").baseUrl(sim.baseUrl()).maxTries(1).log(l -> { }).build();
      BuildkiteException failed = org.junit.jupiter.api.Assertions.assertThrows(BuildkiteException.class, one::listPipelines);
      assertThat(failed.getMessage()).startsWith("GET /v2/organizations/" + sim.organization() + "/pipelines?per_page=100 failed with HTTP 500");
    }
  }

  @Test
  void anUnreachableHostIsNamedAndGivenUpWithinTheConnectTimeout() {
    // nothing listens on port 9 (discard) of the loopback address here; a refused connection fails at once
    BuildkiteClient c = BuildkiteClient.builder("acme-inc", TOKEN).baseUrl("http://127.0.0.1:9").log(l -> { })
        .connectTimeout(Duration.ofMillis(400)).retryBaseDelay(Duration.ofMillis(200)).maxTries(5).build();
    BuildkiteException e = org.junit.jupiter.api.Assertions.assertThrows(BuildkiteException.class, c::listPipelines);
    assertThat(e.getMessage()).startsWith("cannot connect to 127.0.0.1:9: ").contains("gave up after")
        .doesNotContain("Exception");
    // the retry delays alone (at least 100 + 200 + 400 + 800 ms) exceed the connect timeout: fewer than 5 attempts
    assertThat(c.requestsSent()).isBetween(1L, 4L);
  }
}
