package dev.cql.eval;

import dev.cql.api.error.Span;
import java.util.List;

/** Where a call is in the source, so that errors point at the call, its name or one of its arguments. */
public record Site(String name, Span span, Span nameSpan, List<Span> argSpans) {

  public Span arg(int i) {
    return i < argSpans.size() ? argSpans.get(i) : span;
  }
}
