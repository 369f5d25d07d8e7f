package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cql.buildkite.Simulator;
import dev.cql.buildkite.SimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A recorded snapshot is usable with --data alone, or says what is missing. */
class SnapshotCliTest {

  @AfterEach
  void restoreEnvironment() {
    Sessions.env = System::getenv;
  }


  static final String FIXTURE = DataCliTest.FIXTURE;
  static final String TOKEN = "bkua_snapshot_cli_test_token";

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run snapshot(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BuildkiteCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    Sessions.env = Map.of("BUILDKITE_API_TOKEN", TOKEN)::get;
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void withEntitiesTheSnapshotIsCompleteAndWithoutThemTheErrorSaysWhatToAdd() throws Exception {
    try (Simulator sim = Simulator.start(Path.of(FIXTURE), SimulatorOptions.defaults().token(TOKEN).organization("acme-inc"))) {
      Path full = tmp.resolve("full");
      Run r = snapshot("snapshot", "--out", full.toString(), "--org", "acme-inc", "--api-url", sim.baseUrl(), "--days", "3650",
          "--entities", FIXTURE + "/entities");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("copied 12 entity descriptors into " + full.resolve("entities"));
      Cli.Run eval = Cli.run("eval", "--data", full.toString(), "--now", DataCliTest.NOW, "--entity", "payments-api",
          "buildkite.builds(states=[\"passed\"]).length");
      assertThat(eval.code()).as(eval.err()).isZero();
      assertThat(eval.out()).isEqualTo(DataCliTest.snapshot("eval", "--entity", "payments-api",
          "buildkite.builds(states=[\"passed\"]).length").out());
      assertThat(Cli.run("eval", "--data", full.toString(), "buildkite != null").out()).endsWith("11 of 12 entities: true\n");

      Path bare = tmp.resolve("bare");
      Run b = snapshot("snapshot", "--out", bare.toString(), "--org", "acme-inc", "--api-url", sim.baseUrl(), "--days", "3650");
      assertThat(b.code()).isZero();
      assertThat(b.err()).contains("has no entities/", "--entities DIR");
      assertThat(Files.exists(bare.resolve("entities"))).isFalse();
      for (String[] args : new String[][] {
          {"eval", "--data", bare.toString(), "--entity", "payments-api", "buildkite != null"},
          {"eval", "--data", bare.toString(), "buildkite != null"},
          {"scorecard", "examples/production-readiness.yaml", "--data", bare.toString()}}) {
        Cli.Run missing = Cli.run(args);
        assertThat(missing.code()).as(String.join(" ", args)).isEqualTo(64);
        assertThat(missing.err()).as(String.join(" ", args))
            .contains("the snapshot " + bare + " has no entities/ directory: add --entities DIR");
      }
      Cli.Run withEntities = Cli.run("eval", "--data", bare.toString(), "--entities", FIXTURE + "/entities",
          "--entity", "payments-api", "buildkite != null");
      assertThat(withEntities.out()).isEqualTo("true\n");
      assertThat(Cli.run("eval", "--data", bare.toString(), "1 + 1").out()).isEqualTo("2\n"); // no entities needed
    }
  }
}
