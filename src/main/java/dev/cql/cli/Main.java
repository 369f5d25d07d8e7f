package dev.cql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code cql} command line. Exit codes: 0 success, 1 evaluation/data error or failing tests, 2 syntax or compile error, 64 bad usage. */
@Command(
    name = "cql",
    scope = CommandLine.ScopeType.INHERIT, // --help and --version on every command and subcommand
    mixinStandardHelpOptions = true,
    version = "cql 0.1.0",
    description = "An interpreter for Cortex CQL, with Buildkite as its data source.",
    subcommands = {
      EvalCommand.class, ParseCommand.class, TestCommand.class, ReplCommand.class, EntityCommand.class,
      BuildkiteCommand.class,
      ScorecardCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int COMPILE_ERROR = 2;
  public static final int USAGE = 64;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (used by tests, which must not exit the JVM). */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  /** Runs the command line with the given output streams (for tests and embedding). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("cql: " + ex.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
        c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
      }
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof UsageException) {
        c.getErr().println("cql: " + ex.getMessage());
        return USAGE;
      }
      c.getErr().println("cql: internal error: " + ex);
      return FAILED;
    });
    return cl;
  }

  /** A problem with how the command was invoked (exit 64). */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
