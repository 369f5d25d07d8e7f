package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildkiteCommandTest {

  @AfterEach
  void restoreEnvironment() {
    Sessions.env = System::getenv;
  }


  private static final String TOKEN = "bkua_cli_test_SECRET";

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli() {
    CommandLine cl = new CommandLine(new BuildkiteCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  private static Path data() throws Exception {
    return Path.of(BuildkiteCommandTest.class.getResource("/buildkite/sim/pipelines.json").toURI()).getParent();
  }

  @Test
  void serveThenSnapshotThroughTheCommands() throws Exception {
    CommandLine serveCli = cli();
    BuildkiteCommand.Serve serve = (BuildkiteCommand.Serve) serveCli.getSubcommands().get("serve").getCommand();
    AtomicInteger serveExit = new AtomicInteger(-1);
    String dataDir = data().toString();
    Thread t = new Thread(() -> serveExit.set(serveCli.execute("serve", "--data", dataDir, "--token", TOKEN, "--rate-limit", "0")));
    t.start();
    assertThat(serve.started.await(20, TimeUnit.SECONDS)).isTrue();
    String baseUrl = out.toString().lines().findFirst().orElseThrow();
    assertThat(baseUrl).startsWith("http://127.0.0.1:");
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v2/organizations/acme-inc/pipelines")).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);

    try {
      StringWriter sout = new StringWriter();
      StringWriter serr = new StringWriter();
      CommandLine snap = new CommandLine(new BuildkiteCommand());
      snap.setOut(new PrintWriter(sout, true));
      snap.setErr(new PrintWriter(serr, true));
      Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN)::get;
      int code = snap.execute("snapshot", "--out", tmp.resolve("snap").toString(), "--org", "acme-inc", "--api-url", baseUrl, "--days", "3650");
      assertThat(code).as(serr.toString()).isZero();
      assertThat(sout.toString()).contains("recorded 12 pipelines and 298 builds");
      assertThat(Files.readString(tmp.resolve("snap/builds.json"))).doesNotContain(TOKEN);

      Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN, "BUILDKITE_ORGANIZATION_SLUG", "typo-org")::get;
      code = snap.execute("snapshot", "--out", tmp.resolve("snap2").toString(), "--api-url", baseUrl);
      assertThat(code).isEqualTo(1);
      assertThat(serr.toString()).contains("error[data]: organization 'typo-org' not found").doesNotContain(TOKEN);
    } finally {
      t.interrupt();
      t.join(5000);
    }
    assertThat(serveExit.get()).isZero();
  }

  @Test
  void usageErrorsExit64() throws Exception {
    CommandLine cl = cli();
    Sessions.env = Map.<String, String>of()::get;
    assertThat(cl.execute("snapshot", "--out", tmp.toString(), "--org", "acme-inc")).isEqualTo(64);
    assertThat(err.toString()).contains("BUILDKITE_API_TOKEN");
    Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN)::get;
    assertThat(cl.execute("snapshot", "--out", tmp.toString(), "--org", "acme-inc", "--api-url", "http://buildkite.example.com")).isEqualTo(64);
    assertThat(err.toString()).contains("refusing plain http").doesNotContain(TOKEN);
    assertThat(cli().execute()).isEqualTo(64);
    assertThat(cli().execute("serve", "--data", tmp.resolve("missing").toString(), "--rate-limit", "0")).isEqualTo(1);
  }
}
