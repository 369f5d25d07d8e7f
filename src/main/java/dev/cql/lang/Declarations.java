package dev.cql.lang;

import java.util.Collection;

/** Every function, method and namespace the checker may resolve a name to. */
public interface Declarations {

  FunctionDecl function(String name);

  MethodDecl method(String name);

  NamespaceDecl namespace(String name);

  Collection<FunctionDecl> functions();

  Collection<MethodDecl> methods();

  Collection<NamespaceDecl> namespaces();

  /**
   * The message for {@code x.name} on a value of a kind that has no such field or property ("a list has no
   * field 'lenght'; did you mean 'length'?"), suggesting a method of that kind, or to call it.
   */
  default String noSuchField(Kind kind, String name) {
    java.util.Set<String> candidates = new java.util.TreeSet<>();
    for (MethodDecl m : methods()) {
      if (m.on(kind) != null) {
        candidates.add(m.name());
      }
    }
    MethodDecl m = method(name);
    String hint = m != null && m.on(kind) != null ? "; " + name + " is a method: write ." + name + "()"
        : Suggest.didYouMean(name, candidates);
    return Words.a(kind.word()) + " has no field '" + name + "'" + hint;
  }
}
