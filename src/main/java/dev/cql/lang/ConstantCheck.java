package dev.cql.lang;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.Span;

/**
 * A check of an argument whose value is a constant in the source (a literal, or a list of literals), made
 * when the expression is compiled: a state Buildkite does not have, a malformed regular expression. It
 * throws the {@link CqlException} the evaluation would otherwise meet later.
 */
@FunctionalInterface
public interface ConstantCheck {

  /** @param value the constant (null, Boolean, Long, BigDecimal, String, or a List of those) */
  void check(Object value, Span span);
}
