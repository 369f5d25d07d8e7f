package dev.cql.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The compile cache is created at the second distinct compilation; the first one must survive that. */
class CompileCacheTest {

  @Test
  void theFirstCompilationIsCachedBeforeAndAfterTheCacheExists() {
    CqlEngine engine = CqlEngine.builder().declare("x").build();
    CqlExpression first = engine.compile("x + 1");
    assertThat(engine.compile("x + 1")).isSameAs(first);
    CqlExpression second = engine.compile("x + 2");
    assertThat(second).isNotSameAs(first);
    assertThat(engine.compile("x + 1")).isSameAs(first);
    assertThat(engine.compile("x + 2")).isSameAs(second);
    assertThat(engine.compile("x + 1", List.of("y"))).isNotSameAs(first);
  }

  @Test
  void sizeZeroCachesNothing() {
    CqlEngine engine = CqlEngine.builder().compileCacheSize(0).build();
    assertThat(engine.compile("1 + 1")).isNotSameAs(engine.compile("1 + 1"));
  }
}
