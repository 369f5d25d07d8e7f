package dev.cql.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cql.eval.Values;
import dev.cql.lang.Kind;
import dev.cql.lang.Num;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The result of an evaluation, with typed accessors and the text and JSON forms the CLI prints. */
public final class Value {

  /** Loaded on first use: a mapper costs hundreds of classes, and most runs print no JSON. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static String write(Object plain) {
      try {
        return MAPPER.writeValueAsString(plain);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Object raw;

  private Value(Object raw) {
    this.raw = raw;
  }

  public static final Value NULL = new Value(null);
  private static final Value TRUE = new Value(Boolean.TRUE);
  private static final Value FALSE = new Value(Boolean.FALSE);

  /** Wraps a runtime value (already a CQL value); null and the booleans, the commonest rule results, are shared. */
  public static Value of(Object raw) {
    if (raw == null) {
      return NULL;
    }
    if (raw instanceof Boolean b) {
      return b ? TRUE : FALSE;
    }
    return new Value(raw);
  }

  /** The runtime value: null, Boolean, Long, BigDecimal, String, List, Set, Map, Instant, Duration, ... */
  public Object raw() {
    return raw;
  }

  public ValueKind kind() {
    return KINDS[Values.kind(raw).ordinal()];
  }

  private static final ValueKind[] KINDS = new ValueKind[Kind.ALL.length];

  static {
    for (Kind k : Kind.ALL) {
      KINDS[k.ordinal()] = ValueKind.valueOf(k.name());
    }
  }

  /** Each value of a map of runtime values, wrapped (insertion order kept). */
  static java.util.Map<String, Value> ofAll(java.util.Map<String, Object> raw) {
    java.util.Map<String, Value> out = new java.util.LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, of(v)));
    return out;
  }

  public boolean isNull() {
    return raw == null;
  }

  public boolean asBoolean() {
    if (raw instanceof Boolean b) {
      return b;
    }
    throw new IllegalStateException("the value is " + Values.kindWord(raw) + ", not a boolean");
  }

  public long asLong() {
    if (raw instanceof Long l) {
      return l;
    }
    throw new IllegalStateException("the value is not an integer: " + this);
  }

  public BigDecimal asDecimal() {
    if (Num.isNumber(raw)) {
      return Num.big(raw);
    }
    throw new IllegalStateException("the value is " + Values.kindWord(raw) + ", not a number");
  }

  public String asString() {
    if (raw instanceof String s) {
      return s;
    }
    throw new IllegalStateException("the value is " + Values.kindWord(raw) + ", not a string");
  }

  public Instant asDatetime() {
    return (Instant) raw;
  }

  public Duration asDuration() {
    return dev.cql.eval.CalendarDuration.nominal(raw);
  }

  /** The value as plain Java for JSON: lists, maps with string keys, strings, numbers, booleans, null. */
  public Object toPlain() {
    return Values.toPlain(raw);
  }

  @SuppressWarnings("unchecked")
  public List<Object> asList() {
    return (List<Object>) raw;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> asMap() {
    return (Map<String, Object>) raw;
  }

  /** Compact JSON: sets as arrays, datetimes ISO-8601 UTC ending in Z, durations ISO-8601. */
  public String toJson() {
    return Json.write(Values.toPlain(raw));
  }

  /** The text form: CQL-like literals ("a", [1, 2], {"k": v}, 2026-01-01T00:00:00Z, PT1H). */
  @Override
  public String toString() {
    return Values.format(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Value v && Objects.equals(raw, v.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(raw);
  }
}
