package dev.cql.lang;

import java.util.Locale;

/**
 * The resource limits that bound what hostile input can cost. Each has a default, a unit and a setting: the
 * system property {@code cql.limit.<name>} (for the CLI, e.g. {@code CQL_JAVA_OPTS=-Dcql.limit.work=50000000}),
 * read once at start-up. The per-evaluation limits (work, memory, time) can also be set per
 * {@code Context} through its builder, which wins over the property. Every limit error names the limit,
 * its value and this setting ({@link #explain()}); SECURITY.md lists them all.
 */
public enum Limit {
  SOURCE_LENGTH("source-length", 100_000, "characters", "the length of one expression"),
  NESTING("nesting", 100, "levels", "bracket and prefix-operator nesting of one expression"),
  TREE_DEPTH("tree-depth", 250, "levels", "the depth of an expression's syntax tree (long operator chains count)"),
  WORK("work", 10_000_000, "steps", "lambda calls and produced elements per evaluation"),
  MEMORY("memory", 256L * 1024 * 1024, "bytes", "strings and lists built by the lambdas of one evaluation"),
  VALUE_SIZE("value-size", 10_000_000, "characters or elements", "the size of one string or list an operator builds"),
  TIME("time", 30_000, "ms", "the wall-clock time of one evaluation"),
  REGEX_SIZE("regex-size", 10_000, "instructions", "the compiled size of one regular expression"),
  JQ_TIME("jq-time", 2_000, "ms", "the run time of one jq program"),
  JQ_OUTPUTS("jq-outputs", 100_000, "outputs", "the outputs of one jq program"),
  MESSAGE_SIZE("message-size", 20_000, "characters", "a rendered scorecard failure message"),
  YAML_SIZE("yaml-size", 3L * 1024 * 1024, "bytes", "one descriptor, scorecard or test file"),
  YAML_ALIASES("yaml-aliases", 100, "aliases", "YAML aliases (*ref) in one file"),
  RESPONSE_SIZE("response-size", 64L * 1024 * 1024, "bytes", "one Buildkite HTTP response body"),
  LISTING_PAGES("listing-pages", 5_000, "pages", "pages of one Buildkite listing"),
  LISTING_ITEMS("listing-items", 500_000, "items", "items of one Buildkite listing"),
  LISTING_BYTES("listing-bytes", 512L * 1024 * 1024, "bytes", "bytes of one Buildkite listing, all pages together"),
  SYNC_PAGES("sync-pages", 200_000, "pages", "pages of one builds listing a sync streams into the store"),
  DATA_WAIT("data-wait", 600_000, "ms", "the time one evaluation waits for data, all its listings together"),
  SNAPSHOT_SIZE("snapshot-size", 1024L * 1024 * 1024, "bytes", "one snapshot JSON file");

  private final String id;
  private final long defaultValue;
  private final String unit;
  private final String what;
  private final long value;

  Limit(String id, long defaultValue, String unit, String what) {
    this.id = id;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.what = what;
    this.value = read(property(id), defaultValue);
  }

  private static String property(String id) {
    return "cql.limit." + id;
  }

  private static long read(String property, long fallback) {
    String s = System.getProperty(property);
    if (s == null || s.isBlank()) {
      return fallback;
    }
    try {
      long v = Long.parseLong(s.trim().replace("_", ""));
      return v > 0 ? v : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The short name, e.g. {@code work}. */
  public String id() {
    return id;
  }

  /** The value in force (the property's, else the default). */
  public long value() {
    return value;
  }

  public int intValue() {
    return (int) Math.min(Integer.MAX_VALUE, value);
  }

  public long defaultValue() {
    return defaultValue;
  }

  public String unit() {
    return unit;
  }

  /** What the limit bounds, in words. */
  public String what() {
    return what;
  }

  /** The system property that changes it. */
  public String property() {
    return property(id);
  }

  /** {@code limit 'work' is 10000000 steps (setting: -Dcql.limit.work=N)} for the given value in force. */
  public String explain(long inForce) {
    return "limit '" + id + "' is " + inForce + " " + unit + " (setting: -D" + property() + "=N)";
  }

  public String explain() {
    return explain(value);
  }

  /** Parses a limit's id ({@code work}, {@code source-length}), case-insensitively; null when unknown. */
  public static Limit byId(String id) {
    for (Limit l : values()) {
      if (l.id.equals(id.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    return null;
  }
}
