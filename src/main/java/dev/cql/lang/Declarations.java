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
}
