package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help (usage on stdout, exit 0) and --version. */
class HelpTest {

  /** Every command path below {@code cql}, e.g. [eval], [buildkite, serve]. */
  static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    walk(Main.commandLine(), new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      all.add(p);
      walk(e.getValue(), p, all);
    }
  }

  @Test
  void everyCommandAnswersHelpAndVersion() {
    List<List<String>> commands = commands();
    assertThat(commands).hasSizeGreaterThanOrEqualTo(9)
        .contains(List.of("eval"), List.of("repl"), List.of("buildkite", "snapshot"));
    for (List<String> c : commands) {
      List<String> args = new ArrayList<>(c);
      args.add("--help");
      Cli.Run help = Cli.run(args.toArray(String[]::new));
      assertThat(help.code()).as(String.join(" ", args)).isZero();
      assertThat(help.out()).as(String.join(" ", args)).startsWith("Usage: cql " + String.join(" ", c));
      assertThat(help.err()).as(String.join(" ", args)).isEmpty();
      args.set(args.size() - 1, "--version");
      Cli.Run version = Cli.run(args.toArray(String[]::new));
      assertThat(version.code()).as(String.join(" ", args)).isZero();
      assertThat(version.out()).as(String.join(" ", args)).isEqualTo("cql 0.1.0\n");
    }
  }

  @Test
  void theHelpCommandAndTheShortFormWorkToo() {
    assertThat(Cli.run("help", "eval").out()).startsWith("Usage: cql eval");
    assertThat(Cli.run("eval", "-h").code()).isZero();
    assertThat(Cli.run("--version").out()).isEqualTo("cql 0.1.0\n");
  }
}
