package dev.cql.cli;

import dev.cql.entity.Entity;
import dev.cql.scorecard.HtmlReport;
import dev.cql.scorecard.JsonReport;
import dev.cql.scorecard.JunitReport;
import dev.cql.scorecard.Outcome;
import dev.cql.scorecard.Problem;
import dev.cql.scorecard.Scorecard;
import dev.cql.scorecard.ScorecardException;
import dev.cql.scorecard.ScorecardResult;
import dev.cql.scorecard.TextReport;
import dev.cql.session.DataSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "scorecard", description = {
    "Evaluates a scorecard (Cortex scorecard YAML) over the entities.",
    "Exit codes: 0 evaluated; 1 the average percentage is below --fail-under, or a data error;",
    "2 the scorecard file was refused (bad structure or a rule that does not compile); 64 bad usage."})
final class ScorecardCommand implements Callable<Integer> {

  enum Format { text, json, junit, html }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the scorecard YAML file")
  Path file;

  @CommandLine.Mixin DataOptions data = new DataOptions();

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text, json, junit or html (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "write the report to FILE instead of stdout")
  Path out;

  @Option(names = "--entity", paramLabel = "TAG", description = "evaluate for this entity only")
  String entity;

  @Option(names = "--fail-under", paramLabel = "PERCENT",
      description = "exit 1 when the average percentage of the entities in scope is below PERCENT (0-100)")
  Double failUnder;

  @Option(names = "--threads", paramLabel = "N", description = "evaluation threads (default: min(8, 2 x processors))")
  Integer threads;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (failUnder != null && (failUnder.isNaN() || failUnder < 0 || failUnder > 100)) {
      throw new Main.UsageException("--fail-under needs a percentage from 0 to 100, not " + failUnder);
    }
    if (threads != null && threads < 1) {
      throw new Main.UsageException("--threads needs a positive number");
    }
    Instant now = data.now();
    DataSession session = data.open(err);

    Scorecard card;
    try {
      card = Scorecard.load(file, session.engine());
    } catch (NoSuchFileException e) {
      throw new Main.UsageException("no such file: " + file);
    } catch (IOException e) {
      throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
    } catch (ScorecardException e) {
      err.println(e.render());
      err.println("cql: the scorecard " + file + " is refused: " + e.errors().size() + " error(s)");
      err.flush();
      return Main.COMPILE_ERROR;
    }
    if (!data.quiet) {
      for (Problem w : card.warnings()) {
        err.println(w.render());
      }
    }
    err.flush();

    List<Entity> entities;
    try {
      entities = entity != null ? List.of(session.entity(entity)) : session.catalog().all();
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }

    Instant clock = now != null ? now : Instant.now();
    ScorecardResult result;
    int pool = threads != null ? threads : Scorecard.defaultThreads();
    if (System.console() != null && entities.size() > 20) {
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Scoring").setInitialMax(entities.size())
          .setStyle(ProgressBarStyle.ASCII).setUnit(" entities", 1).continuousUpdate().build()) {
        result = card.evaluate(session, entities, clock, pool, (r, done, total) -> bar.stepTo(done));
      }
    } else {
      result = card.evaluate(session, entities, clock, pool, null);
    }

    String report = switch (format) {
      case text -> TextReport.render(result);
      case json -> JsonReport.render(result);
      case junit -> JunitReport.render(result);
      case html -> HtmlReport.render(result);
    };
    if (out != null) {
      try {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new Main.UsageException("cannot write " + out + ": " + e.getMessage());
      }
      err.println("cql: wrote the " + format + " report to " + out);
    } else {
      stdout.print(report.endsWith("\n") ? report : report + "\n");
      stdout.flush();
    }

    long errored = result.count(Outcome.ERRORED);
    if (errored > 0) {
      err.println("cql: " + errored + " rule evaluation(s) errored (counted as not passed; see the report)");
    }
    int code = Main.OK;
    if (failUnder != null) {
      OptionalDouble avg = result.averagePercentage();
      if (avg.isEmpty()) {
        err.println("cql: --fail-under " + fmt(failUnder) + ": no entity in scope was scored");
        code = Main.FAILED;
      } else if (avg.getAsDouble() < failUnder) {
        err.println("cql: the average percentage " + fmt(avg.getAsDouble()) + "% is below --fail-under "
            + fmt(failUnder) + "%");
        code = Main.FAILED;
      }
    }
    err.flush();
    return code;
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
