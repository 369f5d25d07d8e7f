package dev.cql.conformance;

/** The environment the conformance tests run in. */
final class Environments {

  private Environments() {}

  static CaseEnvironment forTests() {
    return new DataEnvironment();
  }
}
