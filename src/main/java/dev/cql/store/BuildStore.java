package dev.cql.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cql.buildkite.Build;
import dev.cql.buildkite.BuildFilter;
import dev.cql.buildkite.BuildkiteJson;
import dev.cql.buildkite.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Pipelines, builds and the sync state of one Buildkite organization, in SQLite or PostgreSQL over JDBC
 * (pooled by HikariCP; schema migrated by Flyway from {@code dev/cql/store/migration/ENGINE}).
 *
 * <p>SQLite runs in WAL mode with a busy timeout and {@code BEGIN IMMEDIATE} write transactions, so
 * several {@code cql} processes on one machine can read while one writes. Writes are upserts keyed by
 * (pipeline slug, build number) and pipeline slug, so applying the same data twice changes nothing.
 * {@link #builds(BuildFilter, Function)} translates every criterion of a {@link BuildFilter} into one
 * query answered from the indexes, returning exactly what {@link BuildFilter#matches} selects, newest first.
 *
 * <p>Thread-safe. Every failure is a {@link StoreException} naming the store (never its credentials).
 */
public final class BuildStore implements AutoCloseable {

  /** Lists longer than this are bound as one array / JSON parameter instead of one placeholder each. */
  private static final int INLINE_LIST = 200;

  private static final String BUILD_COLUMNS = "pipeline_slug, number, id, graphql_id, state, state_lc, blocked, branch, commit_sha,"
      + " commit_lc, message, source, created_at, scheduled_at, started_at, finished_at, web_url, url, creator, pull_request";
  private static final String PIPELINE_COLUMNS = "slug, listed, id, graphql_id, name, description, repository, git_repository, tags,"
      + " default_branch, web_url, url, created_at, provider";

  private final StoreLocation location;
  private final Dialect dialect;
  private final HikariDataSource ds;

  private BuildStore(StoreLocation location, HikariDataSource ds) {
    this.location = location;
    this.dialect = location.dialect();
    this.ds = ds;
  }

  /** Opens (creating a SQLite file and its directory when missing) and migrates a store. */
  public static BuildStore open(StoreLocation loc) throws StoreException {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(loc.jdbcUrl());
    hc.setPoolName("cql-store");
    hc.setMinimumIdle(0);
    hc.setInitializationFailTimeout(-1); // connect lazily: the first use reports the failure, as ours
    hc.setConnectionTimeout(30_000);
    if (loc.dialect() == Dialect.SQLITE) {
      try {
        Files.createDirectories(loc.file().getParent());
      } catch (IOException e) {
        throw new StoreException("cannot create the directory of the store " + loc.file() + ": " + e.getMessage(), e);
      }
      hc.setDriverClassName("org.sqlite.JDBC");
      hc.setMaximumPoolSize(4);
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "NORMAL");
      hc.addDataSourceProperty("busy_timeout", "60000");
      hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      hc.setDriverClassName("org.postgresql.Driver");
      hc.setMaximumPoolSize(8);
      hc.addDataSourceProperty("ApplicationName", "cql");
    }
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the store " + loc.describe() + ": " + rootMessage(e), e);
    }
    BuildStore store = new BuildStore(loc, ds);
    try {
      store.migrate();
    } catch (StoreException | RuntimeException e) {
      ds.close();
      throw e instanceof StoreException se ? se : new StoreException("cannot open the store " + loc.describe() + ": " + rootMessage(e), e);
    }
    return store;
  }

  /**
   * The newest migration bundled (V{N}__*.sql in both engines' folders). Opening a store whose Flyway history
   * already records it successfully skips loading Flyway, which would cost a CLI run ~0.3 s of class
   * loading and classpath scanning; any other store is migrated by Flyway.
   */
  static final String SCHEMA_VERSION = "1";

  private boolean schemaCurrent() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM flyway_schema_history WHERE version = ? AND success = ?")) {
      ps.setString(1, SCHEMA_VERSION);
      ps.setBoolean(2, true);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) == 1;
      }
    } catch (SQLException | RuntimeException e) {
      return false; // a new store, or no history table yet: Flyway decides
    }
  }

  private void migrate() throws StoreException {
    if (schemaCurrent()) {
      return;
    }
    Flyway flyway = Flyway.configure()
        .dataSource(ds)
        .locations(dialect.migrations())
        .loggers("slf4j")
        .load();
    FlywayException last = null;
    // two processes creating a new SQLite file at once: the loser of the race retries once
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        flyway.migrate();
        return;
      } catch (FlywayException e) {
        last = e;
        sleep(200L * (attempt + 1));
      }
    }
    throw new StoreException("cannot migrate the store " + location.describe() + ": " + rootMessage(last), last);
  }

  public StoreLocation location() {
    return location;
  }

  public Dialect dialect() {
    return dialect;
  }

  public String describe() {
    return location.describe();
  }

  @Override
  public void close() {
    ds.close();
  }

  @Override
  public String toString() {
    return "BuildStore[" + describe() + "]";
  }

  // ------------------------------------------------------------------ sync state

  /** The sync state, or null for a store no organization was bound to yet. */
  public SyncState state() throws StoreException {
    return read("read the sync state", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT organization, api_url, retention_days, coverage_from, watermark, completed_at,"
          + " generation, last_requests, lease_owner, lease_until, last_attempt_at, last_error FROM sync_state WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new SyncState(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4), instant(rs, 5), instant(rs, 6),
            rs.getLong(7), rs.getLong(8), rs.getString(9), instant(rs, 10), instant(rs, 11), rs.getString(12));
      }
    });
  }

  /**
   * Binds the store to an organization of an API (first use), or checks that it holds that one: a store
   * holds exactly one organization.
   */
  public SyncState bind(String organization, String apiUrl, int retentionDays) throws StoreException {
    SyncState s = state();
    if (s == null) {
      write("bind the store to " + organization, c -> {
        try (PreparedStatement ps = c.prepareStatement(insertIgnore(
            "INSERT INTO sync_state (id, organization, api_url, retention_days, generation) VALUES (1, ?, ?, ?, 0)", "id"))) {
          ps.setString(1, organization);
          ps.setString(2, apiUrl);
          ps.setInt(3, retentionDays);
          ps.executeUpdate();
        }
        return null;
      });
      s = state();
    }
    if (!s.organization().equals(organization) || !s.apiUrl().equals(apiUrl)) {
      throw new StoreException("the store " + describe() + " holds organization '" + s.organization() + "' of " + s.apiUrl()
          + ", not '" + organization + "' of " + apiUrl + "; give another --store");
    }
    return s;
  }

  public void setRetentionDays(int days) throws StoreException {
    update("set the retention", "UPDATE sync_state SET retention_days = ? WHERE id = 1", days);
  }

  /**
   * Takes the sync lease when nobody holds it (or the holder's lease expired): true when taken. The lease
   * keeps concurrent processes from syncing the same store at once.
   */
  public boolean tryLease(String owner, Duration ttl, Instant now) throws StoreException {
    int n = write("take the sync lease", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE sync_state SET lease_owner = ?, lease_until = ?, last_attempt_at = ?"
          + " WHERE id = 1 AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until < ? OR lease_owner = ?)")) {
        ps.setString(1, owner);
        ps.setLong(2, Micros.of(now.plus(ttl)));
        ps.setLong(3, Micros.of(now));
        ps.setLong(4, Micros.of(now));
        ps.setString(5, owner);
        return ps.executeUpdate();
      }
    });
    return n == 1;
  }

  /** Extends a lease this owner holds. */
  public void renewLease(String owner, Duration ttl, Instant now) throws StoreException {
    update("renew the sync lease", "UPDATE sync_state SET lease_until = ? WHERE id = 1 AND lease_owner = ?", Micros.of(now.plus(ttl)), owner);
  }

  /** Gives the lease up after a failed sync, recording the failure. */
  public void releaseLease(String owner, String error) throws StoreException {
    update("release the sync lease", "UPDATE sync_state SET lease_owner = NULL, lease_until = NULL, last_error = ? WHERE id = 1 AND lease_owner = ?",
        error, owner);
  }

  /** Records a complete sync (and gives the lease up): the data is complete up to {@code watermark}. */
  public void completeSync(String owner, Instant watermark, Instant coverageFrom, long requests, Instant now) throws StoreException {
    update("record the sync", "UPDATE sync_state SET watermark = ?, coverage_from = ?, completed_at = ?, last_requests = ?,"
            + " generation = generation + 1, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = 1",
        Micros.of(watermark), Micros.of(coverageFrom), Micros.of(now), requests);
  }

  /** Counts a change that did not come from a sync (a webhook), so readers can notice it. */
  public void bumpGeneration() throws StoreException {
    update("record a change", "UPDATE sync_state SET generation = generation + 1 WHERE id = 1");
  }

  // ------------------------------------------------------------------ writing

  /**
   * The organization's pipeline list: upserts each as listed, and marks every other pipeline unlisted
   * (deleted or hidden; its builds keep their pipeline object). One transaction.
   */
  public void replacePipelines(Collection<Pipeline> pipelines) throws StoreException {
    write("store " + pipelines.size() + " pipelines", c -> {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE pipelines SET listed = 0 WHERE listed = 1");
      }
      upsertPipelines(c, pipelines, true);
      return null;
    });
  }

  /** Upserts pipelines as listed, leaving the others alone (webhooks). */
  public void upsertListedPipelines(Collection<Pipeline> pipelines) throws StoreException {
    write("store " + pipelines.size() + " pipelines", c -> {
      upsertPipelines(c, pipelines, true);
      return null;
    });
  }

  private void upsertPipelines(Connection c, Collection<Pipeline> pipelines, boolean listed) throws SQLException {
    String sql = "INSERT INTO pipelines (" + PIPELINE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (slug) DO UPDATE SET listed = excluded.listed, id = excluded.id, graphql_id = excluded.graphql_id,"
        + " name = excluded.name, description = excluded.description, repository = excluded.repository,"
        + " git_repository = excluded.git_repository, tags = excluded.tags, default_branch = excluded.default_branch,"
        + " web_url = excluded.web_url, url = excluded.url, created_at = excluded.created_at, provider = excluded.provider"
        + (listed ? "" : " WHERE pipelines.listed = 0");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Pipeline p : pipelines) {
        if (p.slug() == null) {
          continue;
        }
        int i = 1;
        ps.setString(i++, txt(p.slug()));
        ps.setInt(i++, listed ? 1 : 0);
        ps.setString(i++, txt(p.id()));
        ps.setString(i++, txt(p.graphqlId()));
        ps.setString(i++, txt(p.name()));
        ps.setString(i++, txt(p.description()));
        ps.setString(i++, txt(p.repository()));
        ps.setString(i++, txt(p.gitRepository()));
        ps.setString(i++, txt(json(p.tags())));
        ps.setString(i++, txt(p.defaultBranch()));
        ps.setString(i++, txt(p.webUrl()));
        ps.setString(i++, txt(p.url()));
        setLong(ps, i++, Micros.of(p.createdAt()));
        ps.setString(i, txt(p.provider()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Upserts builds (one transaction). A build's embedded pipeline is stored as an unlisted pipeline when
   * the organization's list does not have its slug. Builds without a pipeline slug are skipped.
   *
   * @return the builds written
   */
  public int upsertBuilds(Collection<Build> builds) throws StoreException {
    return upsertBuilds(builds, false);
  }

  /**
   * Upserts one build from a webhook, unless the store holds it finished and this delivery says it is not
   * (deliveries may arrive out of order). Returns 1 when written, 0 when the stored build was kept.
   */
  public int upsertWebhookBuild(Build build) throws StoreException {
    return upsertBuilds(List.of(build), true);
  }

  private int upsertBuilds(Collection<Build> builds, boolean keepFinished) throws StoreException {
    if (builds.isEmpty()) {
      return 0;
    }
    return write("store " + builds.size() + " builds", c -> {
      Map<String, Pipeline> embedded = new LinkedHashMap<>();
      for (Build b : builds) {
        if (b.pipeline() != null && b.pipeline().slug() != null) {
          embedded.putIfAbsent(b.pipeline().slug(), b.pipeline());
        }
      }
      upsertPipelines(c, embedded.values(), false);
      String sql = "INSERT INTO builds (" + BUILD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (pipeline_slug, number) DO UPDATE SET id = excluded.id, graphql_id = excluded.graphql_id,"
          + " state = excluded.state, state_lc = excluded.state_lc, blocked = excluded.blocked, branch = excluded.branch,"
          + " commit_sha = excluded.commit_sha, commit_lc = excluded.commit_lc, message = excluded.message, source = excluded.source,"
          + " created_at = excluded.created_at, scheduled_at = excluded.scheduled_at, started_at = excluded.started_at,"
          + " finished_at = excluded.finished_at, web_url = excluded.web_url, url = excluded.url, creator = excluded.creator,"
          + " pull_request = excluded.pull_request"
          + (keepFinished ? " WHERE builds.finished_at IS NULL OR excluded.finished_at IS NOT NULL" : "");
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Build b : builds) {
          if (b.pipeline() == null || b.pipeline().slug() == null) {
            continue;
          }
          int i = 1;
          ps.setString(i++, txt(b.pipeline().slug()));
          ps.setLong(i++, b.number());
          ps.setString(i++, txt(b.id()));
          ps.setString(i++, txt(b.graphqlId()));
          ps.setString(i++, txt(b.state()));
          ps.setString(i++, txt(b.state() == null ? null : b.state().toLowerCase(Locale.ROOT)));
          ps.setInt(i++, b.blocked() ? 1 : 0);
          ps.setString(i++, txt(b.branch()));
          ps.setString(i++, txt(b.commit()));
          ps.setString(i++, txt(b.commit() == null ? null : b.commit().toLowerCase(Locale.ROOT)));
          ps.setString(i++, txt(b.message()));
          ps.setString(i++, txt(b.source()));
          setLong(ps, i++, Micros.of(b.createdAt()));
          setLong(ps, i++, Micros.of(b.scheduledAt()));
          setLong(ps, i++, Micros.of(b.startedAt()));
          setLong(ps, i++, Micros.of(b.finishedAt()));
          ps.setString(i++, txt(b.webUrl()));
          ps.setString(i++, txt(b.url()));
          ps.setString(i++, txt(b.creator() == null ? null : json(b.creator())));
          ps.setString(i, txt(b.pullRequest() == null ? null : json(b.pullRequest())));
          ps.addBatch();
          n++;
        }
        int[] counts = ps.executeBatch();
        if (keepFinished) {
          n = 0;
          for (int k : counts) {
            n += k == Statement.SUCCESS_NO_INFO ? 1 : k;
          }
        }
      }
      return n;
    });
  }

  /** Deletes builds created before {@code t}; returns how many. */
  public int pruneBefore(Instant t) throws StoreException {
    return write("prune old builds", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM builds WHERE created_at < ?")) {
        ps.setLong(1, Micros.ceil(t));
        return ps.executeUpdate();
      }
    });
  }

  // ------------------------------------------------------------------ reading

  /** The organization's pipelines (listed ones), ordered by slug. */
  public List<Pipeline> pipelines() throws StoreException {
    List<Pipeline> out = new ArrayList<>();
    for (Map.Entry<Pipeline, Boolean> e : readPipelines().entrySet()) {
      if (e.getValue()) {
        out.add(e.getKey());
      }
    }
    out.sort(Comparator.comparing(Pipeline::slug));
    return out;
  }

  /** Every pipeline the store knows (listed or only embedded in builds), by slug. */
  public Map<String, Pipeline> allPipelines() throws StoreException {
    Map<String, Pipeline> out = new HashMap<>();
    readPipelines().keySet().forEach(p -> out.put(p.slug(), p));
    return out;
  }

  private Map<Pipeline, Boolean> readPipelines() throws StoreException {
    return read("read the pipelines", c -> {
      Map<Pipeline, Boolean> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + PIPELINE_COLUMNS + " FROM pipelines");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Pipeline p = new Pipeline(rs.getString(3), rs.getString(4), rs.getString(1), rs.getString(5), rs.getString(6), rs.getString(7),
              rs.getString(8), stringList(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getString(12), instant(rs, 13),
              rs.getString(14));
          out.put(p, rs.getInt(2) == 1);
        }
      }
      return out;
    });
  }

  /** Builds held (all pipelines, any age). */
  public long countBuilds() throws StoreException {
    return read("count the builds", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM builds"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /**
   * The builds {@code filter} selects, newest first (created_at, then number descending; builds of different
   * pipelines with the same created_at and number in the order of {@code filter.pipelines()}), exactly as
   * {@link dev.cql.buildkite.BuildkiteSource#builds(BuildFilter)}'s in-memory default selects them. Each
   * build's pipeline is {@code pipelines.apply(slug)}.
   */
  public List<Build> builds(BuildFilter filter, Function<String, Pipeline> pipelines) throws StoreException {
    if (filter.pipelines().isEmpty()
        || (filter.createdFrom() != null && filter.createdTo() != null && !filter.createdFrom().isBefore(filter.createdTo()))) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(BUILD_COLUMNS).append(" FROM builds WHERE created_at IS NOT NULL");
    List<Object> args = new ArrayList<>();
    in(sql, args, "pipeline_slug", new ArrayList<>(filter.pipelines()), "text");
    if (filter.createdFrom() != null) {
      sql.append(" AND created_at >= ?");
      args.add(Micros.ceil(filter.createdFrom()));
    }
    if (filter.createdTo() != null) {
      sql.append(" AND created_at < ?");
      args.add(Micros.ceil(filter.createdTo()));
    }
    if (!filter.branches().isEmpty()) {
      List<String> exact = new ArrayList<>();
      List<String> globs = new ArrayList<>();
      for (String b : filter.branches()) {
        (b.contains("*") ? globs : exact).add(b);
      }
      sql.append(" AND (");
      String or = "";
      if (!exact.isEmpty()) {
        sql.append("(1 = 1");
        in(sql, args, "branch", new ArrayList<>(exact), "text");
        sql.append(')');
        or = " OR ";
      }
      for (String g : globs) {
        sql.append(or).append(dialect.glob("branch"));
        args.add(dialect.globPattern(g));
        or = " OR ";
      }
      sql.append(')');
    }
    if (!filter.commits().isEmpty()) {
      sql.append(" AND (");
      String or = "";
      for (String prefix : filter.commits()) {
        sql.append(or).append('(');
        String upper = nextPrefix(prefix);
        if (upper != null) {
          sql.append("commit_lc >= ? AND commit_lc < ? AND ");
          args.add(prefix);
          args.add(upper);
        }
        sql.append("substr(commit_lc, 1, ?) = ?)");
        args.add(prefix.length()); // an int: PostgreSQL has substr(text, int, int) only
        args.add(prefix);
        or = " OR ";
      }
      sql.append(')');
    }
    if (!filter.ids().isEmpty()) {
      in(sql, args, "id", new ArrayList<>(filter.ids()), "text");
    }
    if (!filter.messages().isEmpty()) {
      sql.append(" AND (");
      String or = "";
      for (String m : filter.messages()) {
        sql.append(or).append(dialect.contains("message"));
        args.add(txt(m));
        or = " OR ";
      }
      sql.append(')');
    }
    if (!filter.numbers().isEmpty()) {
      in(sql, args, "number", new ArrayList<>(filter.numbers()), "bigint");
    }
    if (!filter.states().isEmpty()) {
      sql.append(" AND ((1 = 1");
      in(sql, args, "state_lc", new ArrayList<>(filter.states()), "text");
      sql.append(')');
      if (filter.states().contains("blocked")) {
        sql.append(" OR blocked = 1");
      }
      sql.append(')');
    }
    sql.append(" ORDER BY created_at DESC, number DESC");
    Map<String, Integer> rank = new HashMap<>();
    for (String slug : filter.pipelines()) {
      rank.putIfAbsent(slug, rank.size());
    }
    return read("select builds", c -> {
      boolean stream = dialect == Dialect.POSTGRESQL;
      if (stream) {
        c.setAutoCommit(false); // a cursor: rows arrive in batches instead of all at once
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        ps.setFetchSize(500);
        bind(c, ps, args);
        List<Build> out = new ArrayList<>();
        int groupStart = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Build b = build(rs, pipelines);
            if (groupStart < out.size()) {
              Build first = out.get(groupStart);
              if (!(first.createdAt().equals(b.createdAt()) && first.number() == b.number())) {
                sortGroup(out, groupStart, rank);
                groupStart = out.size();
              }
            }
            out.add(b);
          }
        }
        sortGroup(out, groupStart, rank);
        return out;
      } finally {
        if (stream) {
          c.rollback();
          c.setAutoCommit(true);
        }
      }
    });
  }

  /** Builds of different pipelines with equal created_at and number: in the filter's pipeline order. */
  private static void sortGroup(List<Build> out, int from, Map<String, Integer> rank) {
    if (out.size() - from > 1) {
      out.subList(from, out.size()).sort(Comparator.comparingInt(b -> rank.getOrDefault(b.pipeline().slug(), Integer.MAX_VALUE)));
    }
  }

  private Build build(ResultSet rs, Function<String, Pipeline> pipelines) throws SQLException {
    String slug = rs.getString(1);
    Pipeline p = pipelines.apply(slug);
    if (p == null) {
      p = new Pipeline(null, null, slug, null, null, null, null, List.of(), null, null, null, null, null);
    }
    return new Build(rs.getString(3), rs.getString(4), rs.getLong(2), rs.getString(5), rs.getInt(7) == 1, rs.getString(8), rs.getString(9),
        rs.getString(11), rs.getString(12), instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16), rs.getString(17),
        rs.getString(18), objectMap(rs.getString(19)), objectMap(rs.getString(20)), p);
  }

  /** {@code AND column IN (...)}: placeholders for short lists, one array (PostgreSQL) or JSON (SQLite) parameter for long ones. */
  private void in(StringBuilder sql, List<Object> args, String column, List<Object> values, String sqlType) {
    if (values.size() <= INLINE_LIST) {
      sql.append(" AND ").append(column).append(" IN (");
      for (int i = 0; i < values.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        args.add(values.get(i) instanceof String s ? txt(s) : values.get(i));
      }
      sql.append(')');
    } else if (dialect == Dialect.SQLITE) {
      sql.append(" AND ").append(column).append(" IN (SELECT value FROM json_each(?))");
      args.add(new JsonText(json(values)));
    } else {
      sql.append(" AND ").append(column).append(" = ANY(?)");
      args.add(new SqlArray(sqlType, values.stream().map(v -> v instanceof String s ? txt(s) : v).toArray()));
    }
  }

  private record JsonText(String json) {}

  private record SqlArray(String type, Object[] values) {}

  private static void bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof String s) {
        ps.setString(i + 1, s);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (a instanceof JsonText j) {
        ps.setString(i + 1, j.json());
      } else if (a instanceof SqlArray arr) {
        Array array = c.createArrayOf(arr.type(), arr.values());
        ps.setArray(i + 1, array);
      } else {
        throw new IllegalStateException("unbindable " + a);
      }
    }
  }

  /** The smallest string greater than every string starting with {@code prefix}, or null when it cannot be formed simply. */
  private static String nextPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return null;
    }
    char last = prefix.charAt(prefix.length() - 1);
    if (last >= 0x7f) {
      return null; // beyond ASCII byte order and UTF-16 order may differ: no range, the exact test alone
    }
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  // ------------------------------------------------------------------ plumbing

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String what, Work<T> work) throws StoreException {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException | RuntimeException e) {
      throw new StoreException("the store " + describe() + " could not " + what + ": " + rootMessage(e), e);
    }
  }

  private <T> T write(String what, Work<T> work) throws StoreException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = work.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is broken; the pool discards it
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      throw new StoreException("the store " + describe() + " could not " + what + ": " + rootMessage(e), e);
    }
  }

  private void update(String what, String sql, Object... params) throws StoreException {
    write(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          Object p = params[i];
          if (p == null) {
            ps.setNull(i + 1, Types.VARCHAR);
          } else if (p instanceof String s) {
            ps.setString(i + 1, txt(s));
          } else {
            ps.setLong(i + 1, ((Number) p).longValue());
          }
        }
        return ps.executeUpdate();
      }
    });
  }

  private String insertIgnore(String insert, String key) {
    return insert + " ON CONFLICT (" + key + ") DO NOTHING";
  }

  /** PostgreSQL text cannot hold NUL: it becomes U+FFFD there (SQLite keeps it). */
  private String txt(String s) {
    return s != null && dialect == Dialect.POSTGRESQL && s.indexOf('\0') >= 0 ? s.replace('\0', '\uFFFD') : s;
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Micros.instant(v);
  }

  private static String json(Object o) {
    try {
      return BuildkiteJson.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not serialisable: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectMap(String json) throws SQLException {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = BuildkiteJson.mapper().readTree(json);
      return n.isObject() ? (Map<String, Object>) BuildkiteJson.plain(n) : null;
    } catch (IOException e) {
      throw new SQLException("a stored JSON object is corrupt: " + e.getMessage(), e);
    }
  }

  private static List<String> stringList(String json) throws SQLException {
    if (json == null) {
      return List.of();
    }
    try {
      List<String> out = new ArrayList<>();
      for (JsonNode n : BuildkiteJson.mapper().readTree(json)) {
        out.add(n.asText());
      }
      return out;
    } catch (IOException e) {
      throw new SQLException("a stored JSON list is corrupt: " + e.getMessage(), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null) {
        msg = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    String m = msg == null ? e.getClass().getSimpleName() : msg;
    m = m.replaceAll("password=[^&\\s]*", "password=[REDACTED]");
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
