package dev.cql.conformance;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Bindings and the clock only: the language without data sources. */
public final class CoreEnvironment implements CaseEnvironment {

  private final CqlEngine engine = CqlEngine.builder().build();

  @Override
  public Prepared prepare(Path data, String entity, Instant now, Map<String, Object> bindings) {
    if (data != null || entity != null) {
      throw new IllegalArgumentException("this case needs a data snapshot or an entity, which this runner does not load");
    }
    Context.Builder b = Context.builder();
    bindings.forEach(b::bind);
    if (now != null) {
      b.now(now);
    }
    return new Prepared(engine, b.build());
  }
}
