package dev.cql.cli;

import dev.cql.repl.Repl;
import dev.cql.session.DataSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "repl", description = {
    "The interactive shell: evaluates expressions for an entity, with completion, highlighting and history.",
    "With no entity chosen (:entity TAG, --entity), an expression that reads entity-scoped names runs for every entity "
        + "of the catalog and prints a table 'entity | value'. Ctrl-C cancels an evaluation.",
    "When standard input is not a terminal, reads expressions line by line, prints results on standard output "
        + "and exits with 0 when every input succeeded, else with the status of the first failure (2 syntax or "
        + "compile error, 1 evaluation, data or command error)."})
final class ReplCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--entity", paramLabel = "TAG", description = "the entity expressions are evaluated for (:entity changes it; default: every entity)")
  String entity;

  @Option(names = "--history", paramLabel = "FILE", description = "the history file (default: ~/.cql_history; 'none' keeps no history)")
  String history;

  @Option(names = "--plain", description = "read plain lines, as when input is piped, even on a terminal")
  boolean plain;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DataSession session = data.open(err);
    Repl repl = new Repl(session, data.now());
    repl.quiet(data.quiet);
    repl.connectHint(data.data == null && data.org == null && System.getenv("BUILDKITE_ORGANIZATION_SLUG") == null);
    if (entity != null) {
      try {
        repl.selectEntity(entity);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(e.getMessage());
      }
    }
    if (plain || !interactive()) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      return repl.runPiped(in, out, err);
    }
    Logger.getLogger("org.jline").setLevel(Level.SEVERE);
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      return repl.runInteractive(terminal, historyFile(), System.getenv("BUILDKITE_API_TOKEN"));
    }
  }

  private Path historyFile() {
    if ("none".equals(history)) {
      return null;
    }
    if (history != null) {
      return Path.of(history);
    }
    return Path.of(System.getProperty("user.home"), ".cql_history");
  }

  /** Whether standard input and output are a terminal (System.console() is null when either is redirected). */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // Java 22+ returns a console even when redirected; isTerminal() tells
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
