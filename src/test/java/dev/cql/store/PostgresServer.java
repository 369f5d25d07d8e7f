package dev.cql.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the {@code *Postgres*} tests run against: {@code CQL_TEST_POSTGRES_URL} when set
 * (.ci/run starts one), else one started for this JVM by {@code scripts/postgres-test-server.sh} and stopped
 * when the JVM exits. When no server can be had the tests fail, saying why: they never skip.
 */
public final class PostgresServer {

  private static String url;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private PostgresServer() {}

  /** The JDBC URL of the server's {@code postgres} database. */
  public static synchronized String url() {
    if (url != null) {
      return url;
    }
    String env = System.getenv("CQL_TEST_POSTGRES_URL");
    if (env != null && !env.isBlank()) {
      url = env.trim();
      return url;
    }
    try {
      Process p = new ProcessBuilder("bash", "scripts/postgres-test-server.sh", "start").start();
      byte[] out = p.getInputStream().readAllBytes();
      String err = read(p.getErrorStream());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("the PostgreSQL test server could not start (scripts/postgres-test-server.sh start): " + err
            + "\nInstall PostgreSQL (as root: scripts/postgres-test-server.sh install) or set CQL_TEST_POSTGRES_URL.");
      }
      String started = null;
      String dir = null;
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("url=")) {
          started = line.substring(4).trim();
        } else if (line.startsWith("dir=")) {
          dir = line.substring(4).trim();
        }
      }
      if (started == null || dir == null) {
        throw new AssertionError("scripts/postgres-test-server.sh start printed no url=/dir= lines: " + new String(out, StandardCharsets.UTF_8) + err);
      }
      String d = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          new ProcessBuilder("bash", "scripts/postgres-test-server.sh", "stop", d).redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
          // the JVM is exiting
        }
      }));
      url = started;
      return url;
    } catch (IOException e) {
      throw new AssertionError("cannot run scripts/postgres-test-server.sh: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while starting PostgreSQL", e);
    }
  }

  /** A new, empty database on the server: its JDBC URL. */
  public static String freshDatabase() {
    String base = url();
    String name = "cql_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new AssertionError("cannot create a test database on " + StoreLocation.redact(base) + ": " + e.getMessage(), e);
    }
    return base.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
  }

  private static String read(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.UTF_8);
  }
}
