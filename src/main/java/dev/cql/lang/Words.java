package dev.cql.lang;

import java.util.List;

/** Small helpers for messages in English. */
public final class Words {

  private Words() {}

  /** "a list", "an object": the indefinite article before a noun. */
  public static String a(String noun) {
    return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
  }

  /** "first", "second", ... for argument positions (0-based). */
  public static String ordinal(int index) {
    List<String> words = List.of("first", "second", "third", "fourth", "fifth");
    return index < words.size() ? words.get(index) : (index + 1) + "th";
  }

  /** "1 element", "2 elements". */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
