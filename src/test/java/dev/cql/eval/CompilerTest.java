package dev.cql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.check.Checker;
import dev.cql.lang.Checked;
import dev.cql.syntax.SyntaxParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompilerTest {

  /** A registry with a function that counts its calls, to see what the compiler evaluates how often. */
  private final AtomicInteger calls = new AtomicInteger();
  private final Registry registry = counting(Registry.core().toBuilder()).build();

  private Registry.Builder counting(Registry.Builder r) {
    Functions.register(r, Functions.define("tick").param("x", dev.cql.lang.Type.NUMBER).returns(dev.cql.lang.Type.NUMBER)
        .body((env, args, site) -> {
          calls.incrementAndGet();
          return args[0];
        }));
    Functions.register(r, Functions.define("pureTick").param("x", dev.cql.lang.Type.NUMBER).pure()
        .returns(dev.cql.lang.Type.NUMBER).body((env, args, site) -> {
          calls.incrementAndGet();
          return args[0];
        }));
    return r;
  }

  private Compiler.Program compile(String src, String... variables) {
    Checked c = Checker.check(SyntaxParser.parse(src).ast(), registry, Set.of(variables), src);
    return Compiler.compile(c, registry);
  }

  private static final class MapScope implements Scope {
    private final Map<String, Object> values;

    MapScope(Map<String, Object> values) {
      this.values = values;
    }

    @Override
    public boolean has(String name) {
      return values.containsKey(name);
    }

    @Override
    public Object get(String name) {
      return values.get(name);
    }

    @Override
    public Instant now() {
      return Instant.parse("2026-11-01T12:00:00Z");
    }

    @Override
    public long maxWork() {
      return 1_000_000;
    }
  }

  private Object run(Compiler.Program p, Map<String, Object> vars) {
    return p.root().eval(p.newEnv(new MapScope(vars)));
  }

  @Test
  void lambdaInvariantSubExpressionRunsOncePerEvaluation() {
    Compiler.Program p = compile("xs.filter(x => x > tick(limit) + 1).length", "xs", "limit");
    List<Object> xs = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      xs.add(i);
    }
    assertThat(run(p, Map.of("xs", xs, "limit", 10L))).isEqualTo(88L);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(p.memos()).isPositive();
    assertThat(run(p, Map.of("xs", xs, "limit", 90L))).isEqualTo(8L); // a new evaluation recomputes
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void subExpressionUsingTheParameterRunsPerElement() {
    Compiler.Program p = compile("xs.filter(x => tick(x) > 1).length", "xs");
    assertThat(run(p, Map.of("xs", List.of(1L, 2L, 3L)))).isEqualTo(2L);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void hoistingKeepsShortCircuits() {
    // The invariant part would fail; it must not run when the lambda never reaches it.
    Compiler.Program p = compile("xs.all(x => x > 0 OR tick(1 / zero) > 0)", "xs", "zero");
    assertThat(run(p, Map.of("xs", List.of(1L, 2L), "zero", 0L))).isEqualTo(true);
    assertThatThrownBy(() -> run(p, Map.of("xs", List.of(-1L), "zero", 0L)))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARITHMETIC));
  }

  @Test
  void pureFunctionsOverConstantsAreEvaluatedWhenCompiling() {
    Compiler.Program p = compile("pureTick(2) + tick(3)");
    assertThat(calls.get()).isEqualTo(1); // pureTick, once, at compile time
    assertThat(run(p, Map.of())).isEqualTo(5L);
    assertThat(run(p, Map.of())).isEqualTo(5L);
    assertThat(calls.get()).isEqualTo(3); // tick, once per evaluation
    assertThat(compile("duration(\"P7D\")").root()).isInstanceOf(Eval.Const.class);
    assertThat(compile("\"abc\".length + [1, 2].sum()").root()).isInstanceOf(Eval.Const.class);
    assertThat(compile("now()").root()).isNotInstanceOf(Eval.Const.class);
  }

  @Test
  void aConstantThatFailsIsLeftForRunTime() {
    Compiler.Program p = compile("false AND duration(\"nope\") > duration(\"P1D\")");
    assertThat(run(p, Map.of())).isEqualTo(false);
  }

  @Test
  void argumentKindsAreCheckedInOnePlace() {
    assertThatThrownBy(() -> run(compile("duration(v)", "v"), Map.of("v", 7L)))
        .isInstanceOfSatisfying(CqlException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.TYPE);
          assertThat(e.getMessage()).isEqualTo("duration() needs a string here, found a number");
          assertThat(e.column()).isEqualTo(10);
        });
    assertThatThrownBy(() -> run(compile("s.startsWith(v)", "s", "v"), Map.of("s", "abc", "v", 1L)))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.getMessage()).contains("startsWith() needs a string"));
  }

  @Test
  void constantRegexIsCompiledOnceAndDynamicOnesWork() {
    assertThat(run(compile("s.matches(\"a+b\")", "s"), Map.of("s", "aab"))).isEqualTo(true);
    assertThat(run(compile("s.matches(re)", "s", "re"), Map.of("s", "aab", "re", "a*b"))).isEqualTo(true);
    assertThatThrownBy(() -> run(compile("s.matches(re)", "s", "re"), Map.of("s", "a", "re", "(")))
        .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TYPE));
  }
}
