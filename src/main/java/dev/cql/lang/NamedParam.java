package dev.cql.lang;

import java.util.List;

/**
 * A named parameter (a criterion such as {@code states=[...]}): its canonical name, the other spelling
 * accepted for it (singular or plural), the values it takes, what it means, and an optional check of a
 * constant value made at compile time.
 */
public record NamedParam(String name, List<String> aliases, Type type, String summary, ConstantCheck check) {

  public NamedParam {
    aliases = List.copyOf(aliases);
  }

  public boolean accepts(String spelling) {
    return name.equals(spelling) || aliases.contains(spelling);
  }
}
