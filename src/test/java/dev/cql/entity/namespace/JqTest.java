package dev.cql.entity.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlLibrary;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import org.junit.jupiter.api.Test;

/** jq() is bounded like the rest of the language: time, outputs and recursion are limits, never hangs. */
class JqTest {

  static final CqlEngine ENGINE = CqlEngine.builder().library(CqlLibrary.entity()).build();

  static Object eval(String src) {
    return ENGINE.compile(src).evaluate(Context.EMPTY).raw();
  }

  static ErrorKind errorOf(String src) {
    try {
      eval(src);
    } catch (CqlException e) {
      return e.kind();
    }
    throw new AssertionError("expected an error from " + src);
  }

  @Test
  void outputsMapToValues() {
    assertThat(eval("jq([1, 2, 3], \"[.[] | . * 2]\")").toString()).isEqualTo("[2, 4, 6]");
    assertThat(eval("jq([1, 2, 3], \".[] | select(. > 1)\")").toString()).isEqualTo("[2, 3]");
    assertThat(eval("jq([1], \".[5]\")")).isNull();
    assertThat(eval("jq([1], \"empty\")")).isNull();
  }

  @Test
  void runawayProgramsAreLimitErrors() {
    long start = System.nanoTime();
    assertThat(errorOf("jq(1, \"reduce range(1000000000) as $x (0; . + 1)\")")).isEqualTo(ErrorKind.LIMIT);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(Jq.MAX_MILLIS + 3_000);
    assertThat(errorOf("jq(1, \"def f: f; f\")")).isEqualTo(ErrorKind.LIMIT);
    assertThat(errorOf("jq(1, \"range(1000000)\")")).isEqualTo(ErrorKind.LIMIT);
  }

  @Test
  void badProgramsAndFailuresAreTypeErrors() {
    assertThatThrownBy(() -> ENGINE.compile("jq(1, \"..[\")")).isInstanceOfSatisfying(CqlException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TYPE));
    assertThat(errorOf("jq(1, \"error(\\\"boom\\\")\")")).isEqualTo(ErrorKind.TYPE);
    assertThat(errorOf("jq(1, \"$ENV.HOME\")")).isEqualTo(ErrorKind.TYPE);
  }
}
