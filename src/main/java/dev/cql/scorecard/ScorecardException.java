package dev.cql.scorecard;

import java.util.List;
import java.util.stream.Collectors;

/** A scorecard file that was refused: its problems (errors first, then warnings), each with line and column. */
public final class ScorecardException extends Exception {

  private final List<Problem> problems;

  public ScorecardException(List<Problem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, errors and warnings, in file order. */
  public List<Problem> problems() {
    return problems;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  /** Every problem rendered with its file line and caret, one after the other. */
  public String render() {
    return problems.stream().map(Problem::render).collect(Collectors.joining("\n"));
  }

  private static String summary(List<Problem> problems) {
    List<Problem> errors = problems.stream().filter(Problem::isError).toList();
    if (errors.isEmpty()) {
      return "the scorecard was refused";
    }
    Problem first = errors.get(0);
    return first.file() + ":" + first.line() + ":" + first.column() + ": "
        + (first.rule() == null ? "" : first.rule() + ": ") + first.message()
        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more error(s))" : "");
  }
}
