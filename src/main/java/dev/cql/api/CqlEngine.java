package dev.cql.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cql.api.error.CqlException;
import dev.cql.check.Checker;
import dev.cql.eval.Compiler;
import dev.cql.eval.Registry;
import dev.cql.lang.Checked;
import dev.cql.syntax.SyntaxParser;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles CQL source into {@link CqlExpression}s. Thread-safe; compilations are cached by source text
 * (and declared variables) in a bounded cache, so compiling the same rule twice costs a lookup.
 *
 * <pre>{@code
 * CqlEngine engine = CqlEngine.builder().declare("limit").build();
 * CqlExpression e = engine.compile("[1, 2, 3].filter(x => x > 1).length <= limit");
 * Value v = e.evaluate(Context.of(Map.of("limit", 3)));   // true
 * }</pre>
 */
public final class CqlEngine {

  private final Registry registry;
  private final Set<String> declared;
  private final Clock clock;
  private final long cacheSize;
  /**
   * The compile cache, created at the second distinct compilation: a one-expression run (cql eval) then
   * never loads Caffeine, whose first cache costs about a hundred classes and the JDK's logging set-up.
   */
  private volatile Cache<Key, CqlExpression> cache;
  private Key firstKey; // the one compilation remembered until the cache exists (guarded by this)
  private CqlExpression firstCompiled;

  private record Key(String source, Set<String> variables) {
    // written out: a record's generated equals and hashCode bootstrap method handles on first use (~30 ms at start-up)
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && source.equals(k.source) && variables.equals(k.variables);
    }

    @Override
    public int hashCode() {
      return source.hashCode() * 31 + variables.hashCode();
    }
  }

  private CqlEngine(Builder b) {
    this.registry = b.registry;
    this.declared = Set.copyOf(b.declared);
    this.clock = b.clock;
    this.cacheSize = b.cacheSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<String> declaredVariables() {
    return declared;
  }

  public Clock clock() {
    return clock;
  }

  /** Compiles an expression over the engine's declared variables. Throws CqlException (syntax, unknown-name, arity, type, limit). */
  public CqlExpression compile(String source) {
    return compile(source, Set.of());
  }

  /** Compiles an expression that may also use the given root variables. */
  public CqlExpression compile(String source, Collection<String> variables) {
    Set<String> vars = new TreeSet<>(declared);
    vars.addAll(variables);
    Key key = new Key(source, Set.copyOf(vars));
    CqlExpression cached = cached(key);
    if (cached != null) {
      return cached;
    }
    CqlExpression compiled = doCompile(source, key.variables());
    remember(key, compiled);
    return compiled;
  }

  private CqlExpression cached(Key key) {
    Cache<Key, CqlExpression> c = cache;
    if (c != null) {
      return c.getIfPresent(key);
    }
    synchronized (this) {
      if (cache != null) {
        return cache.getIfPresent(key);
      }
      return key.equals(firstKey) ? firstCompiled : null;
    }
  }

  private void remember(Key key, CqlExpression compiled) {
    if (cacheSize <= 0) {
      return;
    }
    Cache<Key, CqlExpression> c = cache;
    if (c == null) {
      synchronized (this) {
        c = cache;
        if (c == null) {
          if (firstKey == null || firstKey.equals(key)) {
            firstKey = key;
            firstCompiled = compiled;
            return;
          }
          c = Caffeine.newBuilder().maximumSize(cacheSize).build();
          c.put(firstKey, firstCompiled);
          firstKey = null;
          firstCompiled = null;
          cache = c;
        }
      }
    }
    c.put(key, compiled);
  }

  private CqlExpression doCompile(String source, Set<String> variables) {
    try {
      SyntaxParser.Result parsed = SyntaxParser.parse(source);
      Checked checked = Checker.check(parsed.ast(), registry, variables, source);
      Compiler.Program program = Compiler.compile(checked, registry);
      return new CqlExpression(this, source, checked, program);
    } catch (CqlException e) {
      throw e.withSource(source);
    } catch (StackOverflowError e) {
      throw new CqlException(dev.cql.api.error.ErrorKind.LIMIT, dev.cql.api.error.Span.NONE,
          "the expression is nested too deeply", source, null);
    }
  }

  public static final class Builder {
    private Registry registry = Registry.core();
    private final Set<String> declared = new TreeSet<>();
    private Clock clock = Clock.systemUTC();
    private long cacheSize = 10_000;

    /** Root variable names expressions may use (bound by the Context at evaluation). */
    public Builder declare(String... names) {
      declared.addAll(List.of(names));
      return this;
    }

    public Builder declare(Collection<String> names) {
      declared.addAll(names);
      return this;
    }

    /** Adds a library's functions and namespaces to the core built-ins. */
    public Builder library(CqlLibrary library) {
      this.registry = library.install(registry.toBuilder()).build();
      return this;
    }

    /** The clock used when a context does not fix one. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder compileCacheSize(long size) {
      this.cacheSize = size;
      return this;
    }

    public CqlEngine build() {
      return new CqlEngine(this);
    }
  }
}
