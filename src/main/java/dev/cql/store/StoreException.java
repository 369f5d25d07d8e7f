package dev.cql.store;

import dev.cql.buildkite.BuildkiteException;

/**
 * A build store could not be opened, read or written (or holds another organization). A
 * {@link BuildkiteException} so that evaluation reports it as a data error like any source failure.
 */
public final class StoreException extends BuildkiteException {

  public StoreException(String message) {
    super(Reason.OTHER, message);
  }

  public StoreException(String message, Throwable cause) {
    super(Reason.OTHER, message, cause);
  }
}
