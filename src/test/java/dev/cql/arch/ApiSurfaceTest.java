package dev.cql.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.api.Context;
import dev.cql.api.CqlEngine;
import dev.cql.api.CqlExpression;
import dev.cql.api.CqlFunction;
import dev.cql.api.CqlLibrary;
import dev.cql.api.EvaluationResult;
import dev.cql.api.Value;
import dev.cql.api.ValueKind;
import dev.cql.api.data.CqlData;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.ErrorKind;
import dev.cql.api.error.Span;
import dev.cql.api.error.Warning;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Embedders depend only on {@code dev.cql.api} (and its {@code error} package): no public or protected
 * signature there mentions a type of the engine's internal packages (syntax, check, eval, lang, ...).
 */
class ApiSurfaceTest {

  static final List<Class<?>> API = List.of(CqlEngine.class, CqlEngine.Builder.class, CqlExpression.class,
      Context.class, Context.Builder.class, Value.class, ValueKind.class, EvaluationResult.class, CqlLibrary.class,
      CqlLibrary.Builder.class, CqlFunction.class, CqlData.class, CqlData.EntityResult.class, CqlData.Live.class, CqlException.class, ErrorKind.class, Span.class, Warning.class);

  /** The internal types mentioned by a class's public surface. */
  static Set<String> leaks(Class<?> c) {
    Set<String> out = new TreeSet<>();
    List<Type> types = new ArrayList<>();
    if (c.getGenericSuperclass() != null) {
      types.add(c.getGenericSuperclass());
    }
    types.addAll(List.of(c.getGenericInterfaces()));
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers())) {
        types.add(f.getGenericType());
      }
    }
    List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
    members.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
    for (Executable e : members) {
      if (!visible(e.getModifiers()) || e.isSynthetic()) {
        continue;
      }
      types.addAll(List.of(e.getGenericParameterTypes()));
      types.addAll(List.of(e.getGenericExceptionTypes()));
      if (e instanceof Method m) {
        types.add(m.getGenericReturnType());
      }
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      if (visible(nested.getModifiers()) && !API.contains(nested)) {
        out.add(c.getName() + " exposes the nested type " + nested.getName() + ", which this test does not list");
      }
    }
    for (Type t : types) {
      collect(t, c, out);
    }
    return out;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void collect(Type t, Class<?> owner, Set<String> out) {
    if (t instanceof Class<?> k) {
      while (k.isArray()) {
        k = k.getComponentType();
      }
      String n = k.getName();
      if (!k.isPrimitive() && !n.startsWith("java.") && !n.startsWith("dev.cql.api.")) {
        out.add(owner.getName() + " mentions " + n);
      }
    } else if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), owner, out);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, owner, out);
      }
    } else if (t instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), owner, out);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, owner, out);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, owner, out);
      }
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, owner, out);
      }
    }
  }

  @Test
  void publicSignaturesMentionOnlyApiAndJavaTypes() {
    Set<String> all = new TreeSet<>();
    for (Class<?> c : API) {
      all.addAll(leaks(c));
    }
    assertThat(all).isEmpty();
  }

  @Test
  void everyPublicTypeOfTheApiPackagesIsChecked() throws Exception {
    for (String pkg : List.of("dev/cql/api", "dev/cql/api/error", "dev/cql/api/data")) {
      try (var files = java.nio.file.Files.list(java.nio.file.Path.of("target/classes", pkg))) {
        for (var f : files.toList()) {
          String name = f.getFileName().toString();
          if (!name.endsWith(".class")) {
            continue;
          }
          Class<?> c = Class.forName(pkg.replace('/', '.') + "." + name.substring(0, name.length() - 6));
          if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic()
              && (c.getEnclosingClass() == null || Modifier.isPublic(c.getModifiers()))) {
            assertThat(API).as("public API type %s is listed in ApiSurfaceTest.API", c.getName()).contains(c);
          }
        }
      }
    }
  }

  @Test
  void theCheckSeesALeak() {
    assertThat(leaks(LeakyExample.class)).containsExactly(LeakyExample.class.getName() + " mentions dev.cql.lang.Type");
  }

  /** A class whose public method returns an internal type. */
  public static final class LeakyExample {
    public List<dev.cql.lang.Type> types() {
      return List.of();
    }
  }
}
