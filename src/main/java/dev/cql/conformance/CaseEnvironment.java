package dev.cql.conformance;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Provides the engine and context a case runs with. The core environment knows bindings and the clock;
 * the data environment adds snapshots, entities and the buildkite namespace.
 */
public interface CaseEnvironment {

  /** An engine and a context for one case. */
  record Prepared(CqlEngine engine, Context context) {}

  /**
   * @param data the snapshot directory, or null
   * @param entity the entity tag, or null
   * @throws IllegalArgumentException when the environment cannot provide what the case asks for
   */
  Prepared prepare(Path data, String entity, Instant now, Map<String, Object> bindings);
}
