package dev.cql.eval;

import dev.cql.lang.Kind;
import java.util.EnumMap;
import java.util.Map;

/**
 * A method, callable as {@code receiver.name(args)}, with one implementation per receiver kind it
 * supports. Resolved by name when an expression is compiled; dispatched on the receiver's kind through an
 * array when it runs.
 *
 * @param property whether it may also be written without parentheses ({@code list.length})
 */
public record MethodSpec(String name, int minArgs, int maxArgs, int[] lambdaParams, boolean property,
    Map<Kind, MethodImpl> impls, String signature, String summary) {

  public MethodSpec {
    impls = new EnumMap<>(impls);
  }

  public int lambdaParamsAt(int position) {
    return position < lambdaParams.length ? lambdaParams[position] : 0;
  }

  /** The implementations indexed by {@link Kind#ordinal()}; null where the kind has no such method. */
  public MethodImpl[] dispatchTable() {
    MethodImpl[] table = new MethodImpl[Kind.ALL.length];
    impls.forEach((k, v) -> table[k.ordinal()] = v);
    return table;
  }

  /** One method body: the receiver is already of the kind it was registered for. */
  @FunctionalInterface
  public interface MethodImpl {
    /** {@code args} holds evaluated values, and {@link Lambda}s where the method takes lambdas. */
    Object call(Env env, Object receiver, Object[] args, Site site);
  }
}
