package dev.cql.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the class-data archive (AppCDS) that {@code ./cql} passes to the JVM: the build runs
 * {@code java -cp target/cql.jar dev.cql.cli.CdsTraining target/cql.jsa} after packaging the jar (pom.xml,
 * "cds-archive"). Every class the training runs load, and every lambda they link, is archived; a later run maps
 * them parsed and verified instead of reading them from the jar.
 *
 * <p>The training runs in a child JVM with {@code -XX:ArchiveClassesAtExit} and the same class path as the
 * launcher's {@code -jar}; the archive is written under a temporary name, checked by a third JVM with
 * {@code -Xshare:on} (which refuses an archive it cannot map), and only then moved into place in one step. A
 * truncated archive is never left where the launcher looks: JDK 17 can crash on one instead of ignoring it.
 *
 * <p>A training run that exits with another status than expected fails the build (the jar is broken); a JVM that
 * cannot write or map an archive only costs the archive (a warning, no file).
 */
final class CdsTraining {

  private CdsTraining() {}

  private record Run(int exit, String... args) {}

  /** The short commands whose start-up is most of their time, and their error paths. */
  private static final Run[] RUNS = {
      new Run(Main.OK, "eval", "1 + 2 * 3"),
      new Run(Main.OK, "eval", "--format", "json", "[1, \"a\", null, 2.5, {\"x\"}, duration(\"P7D\")]"),
      new Run(Main.OK, "eval", "\"payments-api\".matches(\"^pay.*\") and [3, 1, 2].map(x => x * 2).sum() == 12"),
      new Run(Main.COMPILE_ERROR, "eval", "1 +"),
      new Run(Main.COMPILE_ERROR, "eval", "lenght([1])"),
      new Run(Main.OK, "parse", "buildkite.builds(states=[\"passed\"]).length >= 1"),
      new Run(Main.OK, "--help"),
      new Run(Main.OK, "--version"),
      new Run(Main.USAGE, "evl"),
      new Run(Main.OK, "eval", "--entity", "payments-api", "buildkite.builds(states=[\"passed\"]).length >= 1"),
  };

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 1 && args[0].equals("--workload")) {
      System.exit(workload());
    }
    if (args.length != 1) {
      System.err.println("usage: java -cp target/cql.jar dev.cql.cli.CdsTraining ARCHIVE");
      System.exit(Main.USAGE);
    }
    Path archive = Path.of(args[0]).toAbsolutePath();
    Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("java.class.path");

    Result training = run(java, "-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=error,cds+dynamic=error",
        "-cp", classPath, CdsTraining.class.getName(), "--workload");
    if (training.code() != 0) {
      System.err.println("cql CDS training failed (exit " + training.code() + "):\n" + training.output());
      Files.deleteIfExists(tmp);
      System.exit(1);
    }
    Result check = run(java, "-Xshare:on", "-XX:SharedArchiveFile=" + tmp, "-cp", classPath,
        Main.class.getName(), "--version");
    if (!Files.isRegularFile(tmp) || check.code() != 0) {
      System.err.println("cql: warning: this JVM wrote no usable class-data archive; ./cql will start without one."
          + "\n" + training.output() + check.output());
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(archive);
      return;
    }
    Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private record Result(int code, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), output);
  }

  /** Runs the training commands in this JVM; 0 when each exits as expected. */
  private static int workload() {
    for (Run r : RUNS) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), r.args());
      if (code != r.exit()) {
        System.err.println("cql " + Arrays.toString(r.args()) + " exited with " + code + ", expected " + r.exit()
            + "\n" + out + err);
        return 1;
      }
    }
    return 0;
  }
}
