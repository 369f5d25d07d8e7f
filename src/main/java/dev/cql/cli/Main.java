package dev.cql.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code cql} command line. Exit codes: 0 success, 1 evaluation/data error or failing tests, 2 syntax or compile error, 64 bad usage. */
@Command(
    name = "cql",
    scope = CommandLine.ScopeType.INHERIT, // --help and --version on every command and subcommand
    mixinStandardHelpOptions = true,
    version = "cql 0.1.0",
    description = "An interpreter for Cortex CQL, with Buildkite as its data source.")
public final class Main implements Runnable {

  /**
   * The subcommands, in the order help lists them. Registered by {@link #commandLine(String...)}: picocli
   * builds a command's model by reflection when it is registered (about 5 to 20 ms each at start-up), so a
   * run that names its command registers that one alone.
   */
  static final List<Class<?>> COMMANDS = List.of(
      EvalCommand.class, ParseCommand.class, TestCommand.class, ReplCommand.class, EntityCommand.class,
      BuildkiteCommand.class,
      ScorecardCommand.class,
      CommandLine.HelpCommand.class);

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
    CommandLine cl = commandLine(args);
    return cl.execute(args);
  }

  /** Runs the command line with the given output streams (for tests and embedding). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * picocli registers a converter for every java.sql and java.time type on each command line it builds, which
   * loads and initialises those classes (12% of a cold {@code cql eval}); no option of ours has such a type
   * (options take strings, paths, numbers, booleans and enums), so those converters are left out. picocli
   * compiles the exclusion regex once per converter, hence the terse regex.
   */
  private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  /** The command line with every subcommand. */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for these arguments: when the first names a subcommand, with that subcommand alone
   * (parsing, errors and help of a subcommand only involve the subcommand), else (and for {@code help},
   * which lists its siblings) with all of them.
   */
  static CommandLine commandLine(String... argv) {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.[st].*"); // java.sql and java.time, in the regex quickest to compile
    }
    CommandLine cl = new CommandLine(new Main());
    Class<?> named = null;
    if (argv.length > 0) {
      for (Class<?> c : COMMANDS) {
        if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(argv[0])) {
          named = c;
        }
      }
    }
    for (Class<?> c : COMMANDS) {
      if (named == null || c == named) {
        cl.addSubcommand(c);
      }
    }
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
