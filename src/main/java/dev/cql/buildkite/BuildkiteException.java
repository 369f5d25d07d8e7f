package dev.cql.buildkite;

/**
 * A data-source failure (HTTP error, malformed response, incomplete page sequence, unreadable snapshot).
 * The language layer turns it into an error of kind {@code data}. Messages never contain the API token.
 */
public class BuildkiteException extends Exception {

  /** What went wrong, so callers can react (and tests can assert) without parsing messages. */
  public enum Reason { UNAUTHORIZED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, SERVER, NETWORK, MALFORMED, INCOMPLETE, SNAPSHOT, OTHER }

  private final Reason reason;

  public BuildkiteException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public BuildkiteException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
