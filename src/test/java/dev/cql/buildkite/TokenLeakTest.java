package dev.cql.buildkite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cql.buildkite.Faults.Fault;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every message, log line, toString and snapshot file produced around a token must be free of it. */
class TokenLeakTest {

  private static final String WRONG = "bkua_wrong_token_SECRET_42";

  @TempDir Path tmp;

  private final List<String> texts = new CopyOnWriteArrayList<>();

  private void collect(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      texts.add(String.valueOf(c.getMessage()));
      texts.add(c.toString());
    }
  }

  private void attempt(ThrowingRunnable r) {
    try {
      r.run();
    } catch (Exception e) {
      collect(e);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void theTokenAppearsNowhere() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    try (Simulator sim = Sim.start()) {
      BuildkiteClient c = Sim.client(sim).log(log::add).build();
      texts.add(c.toString());
      attempt(() -> Snapshotter.record(c, tmp.resolve("snap"), Instant.EPOCH));
      sim.faults().failNext(3, Fault.status(503)).failRequest(100, Fault.malformed());
      attempt(c::listPipelines);
      sim.faults().failNext(10, Fault.drop());
      attempt(c::listPipelines);
      sim.faults().clear();
      sim.faults().failWhen(pq -> pq.contains("page=2"), Integer.MAX_VALUE, Fault.status(500));
      attempt(() -> c.listBuilds(BuildQuery.organization()));
      sim.faults().clear();
      attempt(() -> c.listBuilds(BuildQuery.pipeline("ghost")));
      BuildkiteClient wrongOrg = BuildkiteClient.builder("nope", Sim.TOKEN).baseUrl(sim.baseUrl()).log(log::add).build();
      attempt(wrongOrg::listPipelines);
      BuildkiteClient wrongToken = BuildkiteClient.builder("acme-inc", WRONG).baseUrl(sim.baseUrl()).log(log::add).build();
      attempt(wrongToken::listPipelines);
      texts.add(wrongToken.toString());

      CachedBuildkiteSource cached = new CachedBuildkiteSource(c);
      cached.pipelines();
      texts.add(cached.toString());
      texts.add(cached.describe());
      attempt(() -> new CachedBuildkiteSource(wrongToken).builds(List.of("search"), Instant.EPOCH, null));
    }
    // a server that echoes the Authorization header back in its error body
    HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext("/", ex -> {
      byte[] body = ("{\"message\":\"bad header " + ex.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("pipelines") ? 403 : 500, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    echo.start();
    try {
      BuildkiteClient c = BuildkiteClient.builder("acme-inc", Sim.TOKEN).baseUrl("http://127.0.0.1:" + echo.getAddress().getPort())
          .retryBaseDelay(Duration.ofMillis(1)).log(log::add).build();
      attempt(c::listPipelines);
      attempt(() -> c.listBuilds(BuildQuery.organization()));
    } finally {
      echo.stop(0);
    }

    texts.addAll(log);
    try (var files = Files.walk(tmp)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        texts.add(Files.readString(p));
      }
    }
    assertThat(texts).as("what was collected").hasSizeGreaterThan(20);
    assertThat(log).anySatisfy(l -> assertThat(l).contains("503"));
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("bad header Bearer [REDACTED]"));
    List<String> leaks = new ArrayList<>();
    for (String t : texts) {
      if (t.contains(Sim.TOKEN) || t.contains(WRONG)) {
        leaks.add(t);
      }
    }
    assertThat(leaks).isEmpty();
  }
}
