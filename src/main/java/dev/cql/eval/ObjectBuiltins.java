package dev.cql.eval;

import static dev.cql.lang.Kind.OBJECT;

import dev.cql.lang.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The methods of objects (maps, and objects with fixed fields such as builds). */
final class ObjectBuiltins {

  private ObjectBuiltins() {}

  static void install(Registry.Builder r) {
    Methods.define("keys").signature("object.keys()").summary("the object's keys (field names) as a list")
        .on(OBJECT).returns(Type.list(Type.STRING))
        .body((env, recv, args, site) -> Collections.unmodifiableList(new ArrayList<Object>(keys(recv))))
        .into(r);
    Methods.define("values").signature("object.values()").summary("the object's values as a list")
        .on(OBJECT).returns(Type.LIST).body((env, recv, args, site) -> {
          List<Object> out = new ArrayList<>();
          for (String k : keys(recv)) {
            out.add(Operators.field(recv, k, site.span(), false));
          }
          return Collections.unmodifiableList(out);
        })
        .into(r);
    Methods.define("containsKey").signature("object.containsKey(key)").summary("whether the object has the key")
        .on(OBJECT).param("key", Type.STRING).returns(Type.BOOLEAN)
        .body((env, recv, args, site) -> keys(recv).contains((String) args[0]))
        .into(r);
  }

  /** The keys of a map, or the field names of an object with fixed fields. */
  static Collection<String> keys(Object recv) {
    if (recv instanceof CqlObject o) {
      return o.fieldNames();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) recv;
    return m.keySet();
  }
}
