package dev.cql.lang;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checker knows of a method, {@code receiver.name(args)}: for each kind of receiver it applies to,
 * its parameters and result type ({@link Overload}).
 *
 * @param property whether it may be written without parentheses ({@code list.length})
 */
public record MethodDecl(String name, boolean property, Map<Kind, Overload> overloads, String signature, String summary) {

  /**
   * The method on one kind of receiver.
   *
   * @param pure whether it reads nothing but its receiver and arguments (foldable when they are constants)
   */
  public record Overload(Kind receiver, List<Param> params, int minArgs, ReturnRule returns, boolean pure) {
    public Overload {
      params = List.copyOf(params);
    }
  }

  public MethodDecl {
    overloads = Collections.unmodifiableMap(new EnumMap<>(overloads));
  }

  public Set<Kind> receivers() {
    return overloads.keySet();
  }

  public Overload on(Kind k) {
    return k == null ? null : overloads.get(k);
  }

  /** The fewest arguments any overload takes. */
  public int minArgs() {
    return overloads.values().stream().mapToInt(Overload::minArgs).min().orElse(0);
  }

  /** The most arguments any overload takes. */
  public int maxArgs() {
    return overloads.values().stream().mapToInt(o -> o.params().size()).max().orElse(0);
  }

  /** The lambda arity at a position (0 for a plain value), the same for every overload. */
  public int lambdaArityAt(int position) {
    for (Overload o : overloads.values()) {
      if (position < o.params().size() && o.params().get(position).isLambda()) {
        return o.params().get(position).lambdaArity();
      }
    }
    return 0;
  }

  /** Merges the overloads of another declaration of the same method (a library adding a receiver kind). */
  public MethodDecl merge(MethodDecl other) {
    Map<Kind, Overload> all = new EnumMap<>(Kind.class);
    all.putAll(overloads);
    all.putAll(other.overloads);
    return new MethodDecl(name, property || other.property, all, signature, summary);
  }
}
