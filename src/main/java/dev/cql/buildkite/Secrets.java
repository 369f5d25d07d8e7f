package dev.cql.buildkite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an API token is scrubbed from text (messages, log lines, snapshots, REPL history). Only the exact
 * token where it stands as a whole (not inside a longer run of letters and digits) is replaced, and only a
 * token long enough to be a secret: a test token such as {@code t} must not turn "organization" into
 * "organiza[REDACTED]ion".
 */
public final class Secrets {

  /** Tokens shorter than this are not secrets (Buildkite's are 40 characters and more). */
  public static final int MIN_LENGTH = 8;

  public static final String MARK = "[REDACTED]";

  private Secrets() {}

  /** Whether {@code token} is long enough to be treated as a secret. */
  public static boolean isSecret(String token) {
    return token != null && token.strip().length() >= MIN_LENGTH;
  }

  /** {@code text} with every whole occurrence of {@code token} replaced by {@link #MARK}. */
  public static String redact(String text, String token) {
    if (text == null || !isSecret(token) || !text.contains(token.strip())) {
      return text;
    }
    return pattern(token.strip()).matcher(text).replaceAll(Matcher.quoteReplacement(MARK));
  }

  /** Whether {@code text} holds {@code token} as a whole. */
  public static boolean contains(String text, String token) {
    return text != null && isSecret(token) && text.contains(token.strip()) && pattern(token.strip()).matcher(text).find();
  }

  private static Pattern pattern(String token) {
    return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(token) + "(?![A-Za-z0-9])");
  }
}
