package dev.cql.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where a {@link BuildStore} lives: a SQLite file (the default, one per API host and organization under the
 * user's cache directory) or a PostgreSQL database shared by many machines.
 *
 * <p>{@code --store} accepts {@code jdbc:postgresql://HOST[:PORT]/DB[?...]}, {@code jdbc:sqlite:FILE} or a
 * plain file path (SQLite). The JDBC URL may carry credentials; {@link #describe()} never shows them.
 */
public record StoreLocation(Dialect dialect, String jdbcUrl, Path file) {

  /** Parses a {@code --store} value. */
  public static StoreLocation parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty --store value");
    }
    String v = value.trim();
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return new StoreLocation(Dialect.POSTGRESQL, v, null);
    }
    if (lower.startsWith("jdbc:sqlite:")) {
      String rest = v.substring("jdbc:sqlite:".length());
      int q = rest.indexOf('?');
      String path = q < 0 ? rest : rest.substring(0, q);
      if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
        throw new IllegalArgumentException("--store jdbc:sqlite: needs a file path (a store must outlive the process)");
      }
      return sqlite(Path.of(path));
    }
    if (lower.startsWith("jdbc:")) {
      throw new IllegalArgumentException("unsupported store " + redact(v) + ": use a file path, jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }
    return sqlite(Path.of(v));
  }

  public static StoreLocation sqlite(Path file) {
    Path f = file.toAbsolutePath().normalize();
    return new StoreLocation(Dialect.SQLITE, "jdbc:sqlite:" + f, f);
  }

  /**
   * The default store of an organization: {@code $XDG_CACHE_HOME/cql/buildkite-HOST-ORG.db}, else
   * {@code ~/.cache/cql/...}. {@code env} reads environment variables.
   */
  public static StoreLocation defaultFor(String apiUrl, String organization, UnaryOperator<String> env) {
    String xdg = env.apply("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    String host = URI.create(apiUrl).getHost();
    int port = URI.create(apiUrl).getPort();
    String name = "buildkite-" + safe(host + (port > 0 ? "-" + port : "")) + "-" + safe(organization) + ".db";
    return sqlite(base.resolve("cql").resolve(name));
  }

  private static String safe(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ? c : '-');
    }
    return sb.length() > 80 ? sb.substring(0, 80) : sb.toString();
  }

  /** For messages: the file, or the PostgreSQL URL without user info and query (where credentials go). */
  public String describe() {
    return dialect == Dialect.SQLITE ? "sqlite " + file : "postgresql " + redact(jdbcUrl);
  }

  /** A JDBC URL without its query string or user info. */
  static String redact(String url) {
    String u = url;
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    int scheme = u.indexOf("://");
    int at = u.indexOf('@');
    if (scheme >= 0 && at > scheme) {
      u = u.substring(0, scheme + 3) + u.substring(at + 1);
    }
    return u;
  }

  @Override
  public String toString() {
    return "StoreLocation[" + describe() + "]";
  }
}
