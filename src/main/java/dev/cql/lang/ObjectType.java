package dev.cql.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An object kind with a fixed set of fields, such as a Buildkite pipeline or build: the one table of its
 * fields (name, static type, how to read it, what it means). The checker reads it to reject unknown fields
 * before anything runs, the evaluator to read a field, the REPL to complete and explain, the docs to list.
 *
 * @param <T> the runtime object the getters read
 */
public final class ObjectType<T> {

  /** One field: its name, its type, the getter (returns a CQL value, possibly null) and a summary. */
  public record Field<T>(String name, Type type, Function<T, Object> getter, String summary) {}

  private final String name;
  private final List<Field<T>> fields;
  private final List<String> names;
  private final Map<String, Field<T>> byName;

  private ObjectType(String name, List<Field<T>> fields) {
    this.name = name;
    this.fields = List.copyOf(fields);
    List<String> n = new ArrayList<>();
    Map<String, Field<T>> m = new HashMap<>();
    for (Field<T> f : fields) {
      n.add(f.name());
      if (m.put(f.name(), f) != null) {
        throw new IllegalArgumentException("field " + f.name() + " declared twice in " + name);
      }
    }
    this.names = List.copyOf(n);
    this.byName = Map.copyOf(m);
  }

  public static <T> Builder<T> builder(String name) {
    return new Builder<>(name);
  }

  /** The type's name as users see it: "pipeline", "build". */
  public String name() {
    return name;
  }

  public List<Field<T>> fields() {
    return fields;
  }

  public List<String> fieldNames() {
    return names;
  }

  /** The field, or null when the type has no such field. */
  public Field<T> field(String fieldName) {
    return byName.get(fieldName);
  }

  public boolean hasField(String fieldName) {
    return byName.containsKey(fieldName);
  }

  /** The unknown-name message for a field this type lacks, with a did-you-mean and the list of fields. */
  public String unknownField(String fieldName) {
    return unknownField(name, fieldName, names);
  }

  /** The message for a field that an object of kind {@code typeName}, with {@code fields}, does not have. */
  public static String unknownField(String typeName, String fieldName, java.util.Collection<String> fields) {
    return Words.a(typeName) + " has no field '" + fieldName + "'" + Suggest.didYouMean(fieldName, fields)
        + " (fields: " + String.join(", ", fields) + ")";
  }

  @Override
  public String toString() {
    return name;
  }

  /** Declares fields in order; every method returns this. */
  public static final class Builder<T> {
    private final String name;
    private final List<Field<T>> fields = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder<T> field(String fieldName, Type type, Function<T, Object> getter, String summary) {
      fields.add(new Field<>(fieldName, type, getter, summary));
      return this;
    }

    public ObjectType<T> build() {
      return new ObjectType<>(name, fields);
    }
  }
}
