package dev.cql.lang;

import java.util.List;

/**
 * The static type of a call's result from the types of its receiver and arguments (for a lambda argument,
 * the type of its body). Used by the checker to know the receiver of the next call or field.
 */
@FunctionalInterface
public interface ReturnRule {

  Type returns(Type receiver, List<Type> args);

  /** Always the same type. */
  static ReturnRule of(Type t) {
    return (receiver, args) -> t;
  }

  /** Nothing known. */
  ReturnRule DYN = of(Type.DYN);

  /** The receiver's own type (filter, distinct, sortBy). */
  ReturnRule RECEIVER = (receiver, args) -> receiver;

  /** One element of the receiver (first, last, min, max, get). */
  ReturnRule ELEMENT = (receiver, args) -> receiver.elementType();

  /** A list of the first argument's (lambda body's) type: map. */
  ReturnRule LIST_OF_FIRST_ARG = (receiver, args) -> Type.list(args.isEmpty() ? Type.DYN : args.get(0));

  /** A list of the elements of the first argument's type: flatMap. */
  ReturnRule FLATTEN_FIRST_ARG = (receiver, args) -> Type.list(args.isEmpty() ? Type.DYN : args.get(0).elementType());

  /** The receiver's element type when it is a duration or a number, else unknown: sum, average. */
  ReturnRule NUMERIC_ELEMENT = (receiver, args) -> {
    Type e = receiver.elementType();
    return e.kind() == Kind.NUMBER || e.kind() == Kind.DURATION ? e : Type.DYN;
  };
}
