package dev.cql.lang;

/**
 * What the checker knows about a value before anything is evaluated: its kind ({@code null} when unknown),
 * for lists and sets the element's type, for objects with a fixed set of fields (pipelines, builds) their
 * {@link ObjectType}, for namespaces the namespace's name. Field names, properties and lambda parameters
 * are checked where the type is known; everything else is checked when it runs.
 */
public record Type(Kind kind, Type element, ObjectType<?> object, String namespace) {

  /** Nothing is known: anything goes until run time. */
  public static final Type DYN = new Type(null, null, null, null);
  public static final Type NULL = of(Kind.NULL);
  public static final Type BOOLEAN = of(Kind.BOOLEAN);
  public static final Type NUMBER = of(Kind.NUMBER);
  public static final Type STRING = of(Kind.STRING);
  public static final Type DATETIME = of(Kind.DATETIME);
  public static final Type DURATION = of(Kind.DURATION);
  /** An object whose fields are not known (a map: an absent key reads as null). */
  public static final Type MAP = of(Kind.OBJECT);
  public static final Type LIST = list(DYN);
  public static final Type SET = set(DYN);

  public static Type of(Kind kind) {
    return new Type(kind, null, null, null);
  }

  public static Type list(Type element) {
    return new Type(Kind.LIST, element == null ? DYN : element, null, null);
  }

  public static Type set(Type element) {
    return new Type(Kind.SET, element == null ? DYN : element, null, null);
  }

  public static Type object(ObjectType<?> type) {
    return new Type(Kind.OBJECT, null, type, null);
  }

  public static Type namespace(String name) {
    return new Type(Kind.NAMESPACE, null, null, name);
  }

  public boolean isKnown() {
    return kind != null;
  }

  public boolean isCollection() {
    return kind == Kind.LIST || kind == Kind.SET;
  }

  /** The element type of a list or set, else {@link #DYN}. */
  public Type elementType() {
    return element == null ? DYN : element;
  }

  /** "a list", "a build", "a string": the type in words, for messages. */
  public String describe() {
    if (kind == null) {
      return "a value";
    }
    if (object != null) {
      return Words.a(object.name());
    }
    if (kind == Kind.NAMESPACE) {
      return "the " + namespace + " namespace";
    }
    if (kind == Kind.NULL) {
      return "null";
    }
    return Words.a(kind.word());
  }

  @Override
  public String toString() {
    if (kind == null) {
      return "dyn";
    }
    if (object != null) {
      return object.name();
    }
    if (kind == Kind.NAMESPACE) {
      return namespace;
    }
    if (isCollection()) {
      return kind.word() + "<" + elementType() + ">";
    }
    return kind.word();
  }
}
