package dev.cql.cli;

import dev.cql.conformance.Case;
import dev.cql.conformance.CaseEnvironment;
import dev.cql.conformance.ConformanceFile;
import dev.cql.conformance.ConformanceRunner;
import dev.cql.conformance.DataEnvironment;
import dev.cql.scorecard.RuleTestFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "test", description = "Runs conformance and rule-test files (a directory means every *.yaml with cases below it).")
final class TestCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or directories")
  List<Path> paths;

  @CommandLine.Option(names = {"-v", "--verbose"}, description = "also list the cases that pass")
  boolean verbose;

  /** Created when the command runs, not when picocli instantiates every command to parse the arguments. */
  static CaseEnvironment environment;

  /** Rule-test files open their data as the data commands do ({@code data:} is a snapshot directory). */
  private static RuleTestFile.SessionProvider ruleTestSessions(java.io.PrintWriter err) {
    java.util.Map<java.util.List<Object>, dev.cql.session.DataSession> open = new java.util.HashMap<>();
    return (data, now) -> open.computeIfAbsent(java.util.Arrays.asList(data, now), k -> {
      DataOptions o = new DataOptions();
      o.data = data;
      o.now = now == null ? null : now.toString();
      return Sessions.open(o, err);
    });
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    List<Path> files;
    try {
      files = ConformanceFile.discover(paths);
    } catch (IOException e) {
      throw new Main.UsageException(e.getMessage());
    }
    if (environment == null) {
      environment = new DataEnvironment();
    }
    ConformanceRunner runner = new ConformanceRunner(environment);
    int passed = 0;
    int failed = 0;
    RuleTestFile.SessionProvider sessions = ruleTestSessions(spec.commandLine().getErr());
    for (Path file : files) {
      if (RuleTestFile.isRuleTestFile(file)) { // a scorecard's rule tests (dev.cql.scorecard)
        for (RuleTestFile.CaseResult r : RuleTestFile.run(file, sessions)) {
          String name = file.getFileName() + "/" + r.id();
          if (r.passed()) {
            passed++;
            if (verbose) {
              out.println("ok   " + name);
            }
          } else {
            failed++;
            out.println("FAIL " + name + ": " + r.detail());
          }
        }
        continue;
      }
      List<Case> cases;
      try {
        cases = ConformanceFile.read(file);
      } catch (ConformanceFile.FormatException e) {
        out.println("FAIL " + e.getMessage());
        failed++;
        continue;
      }
      for (Case c : cases) {
        ConformanceRunner.Outcome o = runner.run(c);
        String name = file.getFileName() + "/" + c.id();
        if (o.passed()) {
          passed++;
          if (verbose) {
            out.println("ok   " + name);
          }
        } else {
          failed++;
          out.println("FAIL " + name + ": " + o.detail());
          out.println("     expr: " + c.expr());
        }
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? Main.OK : Main.FAILED;
  }
}
