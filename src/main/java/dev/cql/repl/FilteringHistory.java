package dev.cql.repl;

import java.time.Instant;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The REPL's persistent history, which never records a line that holds a secret: the value of
 * {@code BUILDKITE_API_TOKEN} (when set and long enough to be a secret, see {@link dev.cql.buildkite.Secrets}),
 * or anything shaped like a Buildkite access token ({@code bkua_...}).
 */
public final class FilteringHistory extends DefaultHistory {

  private static final Pattern TOKEN_SHAPE = Pattern.compile("bku[a-z]_[A-Za-z0-9]{16,}");

  private final String secret;

  /** @param secret a value never to store (e.g. the API token), or null */
  public FilteringHistory(String secret) {
    this.secret = secret == null || secret.isBlank() ? null : secret.strip();
  }

  /** Whether the line may be written to the history. */
  public boolean admits(String line) {
    if (dev.cql.buildkite.Secrets.isSecret(secret) && line.contains(secret)) {
      return false;
    }
    return !TOKEN_SHAPE.matcher(line).find();
  }

  @Override
  public void add(Instant time, String line) {
    if (admits(line)) {
      super.add(time, line);
    }
  }
}
