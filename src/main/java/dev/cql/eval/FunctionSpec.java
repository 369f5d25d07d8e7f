package dev.cql.eval;

import java.util.List;
import java.util.Map;

/**
 * A global function or a namespace member function, as the checker and compiler see it.
 *
 * @param lambdaParams for each positional argument position, the number of parameters a lambda there must
 *     declare, or 0 when the argument is a plain value (positions past the array are plain values)
 * @param named the named parameters (criteria), each with its accepted spellings
 * @param compiler builds the evaluator once the arguments are compiled
 * @param signature how the function is written, for help and completion, e.g. {@code duration(text)}
 */
public record FunctionSpec(
    String name,
    int minArgs,
    int maxArgs,
    int[] lambdaParams,
    List<NamedParam> named,
    CallCompiler compiler,
    String signature,
    String summary) {

  public FunctionSpec {
    named = List.copyOf(named);
  }

  /** The canonical named parameter for a spelling (name or alias), or null. */
  public NamedParam namedParam(String spelling) {
    for (NamedParam p : named) {
      if (p.accepts(spelling)) {
        return p;
      }
    }
    return null;
  }

  public int lambdaParamsAt(int position) {
    return position < lambdaParams.length ? lambdaParams[position] : 0;
  }

  /** A named parameter with its canonical name and the other spellings accepted for it. */
  public record NamedParam(String name, List<String> aliases, String summary) {
    public NamedParam {
      aliases = List.copyOf(aliases);
    }

    public boolean accepts(String spelling) {
      return name.equals(spelling) || aliases.contains(spelling);
    }
  }

  /** Builds the evaluator of one call. */
  @FunctionalInterface
  public interface CallCompiler {
    Eval compile(CompiledArgs args);
  }

  /**
   * The compiled arguments of one call.
   *
   * @param receiver the namespace value's evaluator for a namespace member, else null
   * @param positional each an {@link Eval} or a {@link Lambda}
   * @param named canonical name to evaluator
   */
  public record CompiledArgs(Site site, Eval receiver, Object[] positional, Map<String, Eval> named,
      Map<String, dev.cql.lang.Span> namedSpans) {

    public Eval eval(int i) {
      return (Eval) positional[i];
    }

    public Lambda lambda(int i) {
      return (Lambda) positional[i];
    }
  }
}
