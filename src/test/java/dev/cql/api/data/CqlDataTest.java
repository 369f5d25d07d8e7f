package dev.cql.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.CqlExpression;
import dev.cql.api.error.ErrorKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CqlDataTest {

  static final Path FIXTURE = Path.of("grammar-docs/conformance/fixtures/acme");
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  @Test
  void oneEntityAndEveryEntityThroughThePublicApi() throws Exception {
    try (CqlData data = CqlData.snapshot(FIXTURE)) {
      assertThat(data.entities()).hasSize(12).contains("payments-api", "mobile-app");
      CqlExpression rule = data.engine().compile("buildkite.builds(states=[\"passed\"]).length");
      assertThat(rule.evaluate(data.context("payments-api", NOW)).asLong()).isEqualTo(12);

      List<CqlData.EntityResult> all = data.evaluateAll(rule, NOW);
      assertThat(all).extracting(CqlData.EntityResult::entity).isSorted().hasSize(12);
      CqlData.EntityResult payments = all.stream().filter(r -> r.entity().equals("payments-api")).findFirst().orElseThrow();
      assertThat(payments.ok()).isTrue();
      assertThat(payments.value().asLong()).isEqualTo(12);
      // an entity nothing links to has buildkite == null: its row holds the null-value error
      CqlData.EntityResult mobile = all.stream().filter(r -> r.entity().equals("mobile-app")).findFirst().orElseThrow();
      assertThat(mobile.ok()).isFalse();
      assertThat(mobile.error().kind()).isEqualTo(ErrorKind.NULL_VALUE);
    }
  }

  @Test
  void anUnknownEntitySuggestsTheClosestTag() {
    CqlData data = CqlData.snapshot(FIXTURE);
    assertThatThrownBy(() -> data.context("payment-api"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did you mean 'payments-api'");
  }
}
