package dev.cql.cli;

import dev.cql.api.error.CqlException;
import dev.cql.check.LegacyForms;
import dev.cql.session.DataSession;
import dev.cql.syntax.AstPrinter;
import dev.cql.syntax.SyntaxParser;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "parse", description = "Prints the parsed tree of an expression (or its syntax error).")
final class ParseCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPR", description = "the CQL expression")
  String expression;

  @CommandLine.Option(names = {"-q", "--quiet"}, description = "no warnings on stderr (errors are still shown)")
  boolean quiet;

  @Override
  public Integer call() {
    try {
      SyntaxParser.Result r = SyntaxParser.parse(expression);
      spec.commandLine().getOut().println(AstPrinter.print(r.ast()));
      spec.commandLine().getOut().flush();
      LegacyForms.Result canonical = LegacyForms.rewrite(r.ast(), DataSession.declarations(), Set.of(), expression);
      if (!quiet) {
        Output.warnings(spec.commandLine().getErr(), canonical.warnings(), expression);
      }
      return Main.OK;
    } catch (CqlException e) {
      Output.error(spec.commandLine().getErr(), e);
      return Main.COMPILE_ERROR;
    }
  }
}
