package dev.cql.scorecard;

/** How one rule came out for one entity. */
public enum Outcome {
  /** The expression gave true: the rule scores its weight. */
  PASSED("pass"),
  /** The expression gave false: the rule scores 0. */
  FAILED("fail"),
  /**
   * The expression gave something other than a boolean, or its evaluation raised an error (a data source
   * failure included): scores 0 and blocks levels like a failure, but is reported apart from failures.
   */
  ERRORED("error"),
  /** Filtered out (rule filter, scorecard filter, or not yet effective): not scored at all. */
  NOT_APPLICABLE("n/a");

  private final String word;

  Outcome(String word) {
    this.word = word;
  }

  /** pass, fail, error or n/a. */
  public String word() {
    return word;
  }
}
