package dev.cql.hardening;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server whose every answer is scripted by the test: the faults the simulator does not
 * model (Retry-After headers, redirects, pagination loops, oversized or endless bodies). It records each
 * request's path and Authorization header.
 */
final class ScriptedServer implements AutoCloseable {

  /** One request as the script sees it: its number (1-based), path and query. */
  record Request(int number, String pathAndQuery, String authorization) {}

  /** Answers one request by writing to the exchange. */
  interface Script {
    void answer(Request r, HttpExchange x) throws IOException;
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final AtomicInteger count = new AtomicInteger();

  ScriptedServer(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scripted-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", x -> {
      String pq = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
      Request r = new Request(count.incrementAndGet(), pq, x.getRequestHeaders().getFirst("Authorization"));
      requests.add(r);
      try {
        script.answer(r, x);
      } catch (IOException e) {
        // the script dropped the connection on purpose
      } finally {
        x.close();
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  static void json(HttpExchange x, int status, String body, Map<String, String> headers) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
