package dev.cql.repl;

import dev.cql.api.Context;
import dev.cql.api.CqlExpression;
import dev.cql.api.EvaluationResult;
import dev.cql.api.error.CqlException;
import dev.cql.api.error.Warning;
import dev.cql.buildkite.BuildkiteException;
import dev.cql.buildkite.Pipeline;
import dev.cql.buildkite.namespace.PipelineValue;
import dev.cql.entity.Entity;
import dev.cql.entity.LinkReason;
import dev.cql.entity.Linkage;
import dev.cql.lang.Suggest;
import dev.cql.session.CatalogQuery;
import dev.cql.session.DataSession;
import dev.cql.syntax.SyntaxParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The interactive shell. One instance holds the session state (data, selected entity, {@code :time}); it reads
 * inputs either through a JLine {@link LineReader} on a {@link Terminal} ({@link #runInteractive}) or as plain
 * lines from a reader when input is piped ({@link #runPiped}). Each complete input is an expression, evaluated
 * for the selected entity (with none selected, an expression that reads entity-scoped names runs for every entity
 * of the catalog: a {@link CatalogQuery}), or a {@code :command}. In the terminal, Ctrl-C during an evaluation
 * cancels it and returns to the prompt.
 */
public final class Repl {

  /** A REPL command, for {@code :help} and completion. */
  public record Command(String name, String args, String summary) {}

  public static final List<Command> COMMANDS = List.of(
      new Command(":entity", "[TAG]", "select the entity expressions are evaluated for, and show its linked pipelines;"
          + " with no TAG, back to every entity"),
      new Command(":entities", "", "list the catalog's entities with their linked pipeline counts"),
      new Command(":pipelines", "", "the selected entity's linked pipelines, or all of the organization's"),
      new Command(":explain", "EXPR", "evaluate, showing the parsed tree, warnings, data read and time taken"),
      new Command(":time", "on|off", "print the evaluation time after each result"),
      new Command(":help", "[TOPIC]", "this help, or what a command, function, method, namespace or criterion does"),
      new Command(":quit", "", "leave the REPL (Ctrl-D too)"));

  /** What {@link #execute} returns for {@code :quit}. */
  public static final int QUIT = -1;
  /** Exit statuses, as {@code cql eval}'s: an evaluation, data or command error; a syntax or compile error. */
  public static final int FAILED = 1;
  public static final int COMPILE_ERROR = 2;

  /** Table rows shown at most in interactive mode (piped mode prints every row). */
  public static final int INTERACTIVE_ROWS = 50;

  private static final String PROMPT = "cql> ";
  private static final String CONTINUATION = "...> ";

  private final DataSession session;
  private final CountingSource counter;
  private final Instant now;
  private Entity entity;
  private boolean time;
  private boolean connectHint;
  private boolean quiet;
  private int threads = CatalogQuery.defaultThreads();
  private final Set<String> shownWarnings = new HashSet<>();

  /**
   * @param data the data source and catalog
   * @param now the clock reading of every evaluation, or null for the real time
   */
  public Repl(DataSession data, Instant now) {
    this.counter = new CountingSource(data::source);
    this.session = new DataSession(() -> counter, data::catalog, data.window(), data.describe());
    this.now = now;
  }

  /**
   * Selects the entity expressions are evaluated for (null: every entity); throws IllegalArgumentException (with
   * a did-you-mean).
   */
  public void selectEntity(String tag) {
    entity = tag == null ? null : session.entity(tag);
  }

  /** Whether warnings are left out (errors are still shown). */
  public void quiet(boolean quiet) {
    this.quiet = quiet;
  }

  public Entity entity() {
    return entity;
  }

  /** Whether the banner explains how to connect a real organization (when the demo data is in use). */
  public void connectHint(boolean show) {
    this.connectHint = show;
  }

  public boolean timing() {
    return time;
  }

  public ReplParser parser() {
    return new ReplParser();
  }

  public ReplCompleter completer() {
    return new ReplCompleter(DataSession.declarations(), () -> session.catalog().tags());
  }

  public ReplHighlighter highlighter() {
    return new ReplHighlighter(DataSession.declarations());
  }

  /**
   * Where one run prints, and how.
   *
   * @param width the terminal's width now (tables are fitted to it), or -1 when output is not a terminal
   * @param runner runs one evaluation (in the terminal: on a worker thread that Ctrl-C interrupts)
   */
  record Io(PrintWriter out, PrintWriter err, boolean color, int maxRows, java.util.function.IntSupplier width,
      Runner runner) {

    int tableWidth() {
      return width.getAsInt();
    }
  }

  /** Runs one evaluation: directly, or cancellably on a worker thread. */
  interface Runner {
    /** The work's result, or throws {@link Cancelled} when it was cancelled. */
    <T> T run(java.util.function.Function<Progress, T> work);

    Runner DIRECT = new Runner() {
      @Override
      public <T> T run(java.util.function.Function<Progress, T> work) {
        return work.apply(Progress.NONE);
      }
    };
  }

  /** How far a query over every entity has got (for the terminal's status line). */
  interface Progress {
    void done(int done, int total);

    Progress NONE = (d, t) -> { };
  }

  /** Thrown by a {@link Runner} when Ctrl-C cancelled the evaluation. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  // ---- the two ways of reading input

  /** A line reader on the terminal with the REPL's parser, completer, highlighter and the given history. */
  public LineReader lineReader(Terminal terminal, History history, Path historyFile) {
    LineReaderBuilder b = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("cql")
        .parser(parser())
        .completer(completer())
        .highlighter(highlighter())
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.INSERT_TAB, false)
        .option(LineReader.Option.CASE_INSENSITIVE, false);
    if (history != null) {
      b.history(history);
    }
    if (historyFile != null) {
      b.variable(LineReader.HISTORY_FILE, historyFile);
    }
    return b.build();
  }

  /**
   * Reads and evaluates inputs from the terminal until {@code :quit} or end of input (Ctrl-D); Ctrl-C drops the
   * input being typed. Returns 0: errors are shown, not fatal.
   *
   * @param historyFile where the history persists, or null for none
   * @param secret a value never written to the history (the API token), or null
   */
  public int runInteractive(Terminal terminal, Path historyFile, String secret) {
    History history = new FilteringHistory(secret);
    LineReader reader = lineReader(terminal, history, historyFile);
    String type = terminal.getType();
    boolean color = type != null && !type.startsWith(Terminal.TYPE_DUMB);
    Io io = new Io(terminal.writer(), terminal.writer(), color, INTERACTIVE_ROWS,
        () -> terminal.getWidth() > 0 ? terminal.getWidth() : 80, new TerminalRunner(terminal, color));
    try {
      session.catalog(); // load now, so that notes about the data come before the banner, not amid typing
    } catch (RuntimeException e) {
      error(io, "cql: the entity catalog could not be read: " + e.getMessage());
    }
    banner(io, true);
    try {
      while (true) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        if (execute(input, io) == QUIT) {
          break;
        }
      }
    } finally {
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        io.err().println("cql: the history could not be saved: " + e.getMessage());
      }
      io.out().flush();
    }
    return 0;
  }

  /**
   * Reads inputs as plain lines (piped input, or no terminal): an input continues over the next lines while a
   * bracket is open. Results go to {@code out}, everything else (banner, errors, warnings, times) to
   * {@code err}. Every input is run even after one fails; the status is 0 when all succeeded, else that of the
   * first failure: 2 for a syntax or compile error, 1 for an evaluation, data or command error.
   */
  public int runPiped(BufferedReader in, PrintWriter out, PrintWriter err) throws IOException {
    Io io = new Io(out, err, false, 0, () -> -1, Runner.DIRECT);
    banner(io, false);
    int status = 0;
    StringBuilder buf = new StringBuilder();
    InputScanner.Continuation scan = new InputScanner.Continuation();
    String line;
    boolean quit = false;
    while (!quit && (line = in.readLine()) != null) {
      if (buf.length() == 0 && line.isBlank()) {
        continue;
      }
      boolean first = buf.length() == 0;
      if (!first) {
        buf.append('\n');
      }
      buf.append(line);
      boolean complete;
      String lead = line.stripLeading();
      if (first && lead.startsWith(":")) {
        // a command is one line, but :explain takes an expression that may continue
        int sp = lead.indexOf(' ');
        complete = !(sp > 0 && lead.substring(0, sp).equals(":explain")) || scan.feed(lead.substring(sp));
      } else {
        complete = scan.feed(line);
      }
      // an open bracket does not hold more than the longest expression: past it, run what we have (the
      // parser reports the limit) rather than grow the buffer without bound
      if (!complete && buf.length() <= dev.cql.lang.Limit.SOURCE_LENGTH.value()) {
        continue;
      }
      scan.reset();
      int s = execute(buf.toString(), io);
      buf.setLength(0);
      if (s == QUIT) {
        quit = true;
      } else if (s != 0 && status == 0) {
        status = s;
      }
    }
    if (buf.length() > 0) { // end of input inside an open bracket: run it, to report the error
      int s = execute(buf.toString(), io);
      if (s > 0 && status == 0) {
        status = s;
      }
    }
    out.flush();
    err.flush();
    return status;
  }

  /** Which mode is active, for the banner: every entity, or the one selected. */
  private String mode() {
    if (entity != null) {
      return entity.tag() + " (" + entity.name() + ")";
    }
    int n;
    try {
      n = session.catalog().size();
    } catch (RuntimeException e) {
      return "all entities";
    }
    return "all " + n + " entit" + (n == 1 ? "y" : "ies");
  }

  private void banner(Io io, boolean interactive) {
    if (!interactive) {
      io.err().println("cql repl: data: " + session.describe() + "; entity: " + mode());
      io.err().flush();
      return;
    }
    PrintWriter w = io.out();
    w.println(paint(io, AttributedStyle.BOLD, "cql repl") + ": Cortex CQL over Buildkite. "
        + "Tab completes, :help lists the commands, Ctrl-D quits.");
    w.println("data:   " + session.describe());
    if (connectHint) {
      w.println("        your organization: export BUILDKITE_API_TOKEN=... and run cql repl --org SLUG");
    }
    w.println("entity: " + mode() + (entity == null ? "; :entity TAG picks one" : "; :entity alone: all entities"));
    w.flush();
  }

  // ---- one input

  /**
   * Runs one complete input: an expression, or a {@code :command}. Returns 0, {@link #FAILED},
   * {@link #COMPILE_ERROR}, or {@link #QUIT}.
   */
  int execute(String input, Io io) {
    String s = input.strip();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return s.startsWith(":") ? command(s, io) : evaluate(s, io);
    } catch (RuntimeException e) {
      error(io, "cql: internal error: " + e);
      return FAILED;
    } finally {
      io.out().flush();
      io.err().flush();
    }
  }

  private int evaluate(String src, Io io) {
    long t0 = System.nanoTime();
    CqlExpression compiled;
    try {
      compiled = session.engine().compile(src);
    } catch (CqlException e) {
      error(io, e.render());
      return COMPILE_ERROR;
    }
    if (!quiet) {
      for (Warning w : compiled.warnings()) {
        warn(io, w.render(src));
      }
    }
    if (entity == null && CatalogQuery.readsEntityScope(compiled)) {
      return evaluateAll(compiled, io, t0);
    }
    EvaluationResult r;
    Context context = context();
    try {
      r = io.runner().run(progress -> compiled.evaluateDetailed(context));
    } catch (Cancelled c) {
      note(io, "\ncancelled");
      return FAILED;
    } catch (CqlException e) {
      error(io, e.render());
      return FAILED;
    }
    long t1 = System.nanoTime();
    for (Warning w : r.warnings()) {
      String text = w.render(src);
      if (shownWarnings.add(w.message()) && !quiet) {
        warn(io, text);
      }
    }
    String shown = Tables.render(r.value(), io.maxRows(), io.tableWidth());
    io.out().println(shown.contains("\n") ? header(io, shown) : shown);
    if (time) {
      note(io, "time: " + millis(t1 - t0));
    }
    return 0;
  }

  /** With no entity selected: the expression for every entity of the catalog, as a table. */
  private int evaluateAll(CqlExpression compiled, Io io, long t0) {
    List<Entity> all;
    try {
      all = session.catalog().all();
    } catch (RuntimeException e) {
      error(io, "cql: the entity catalog could not be read: " + e.getMessage());
      return FAILED;
    }
    if (all.isEmpty()) {
      error(io, "cql: the expression reads entity-scoped names, and the catalog has no entities (give cql repl"
          + " --entities DIR)");
      return FAILED;
    }
    CatalogQuery.Result result;
    try {
      result = runQuery(compiled, all, io);
    } catch (Cancelled c) {
      note(io, "\ncancelled");
      return FAILED;
    } catch (CqlException e) {
      error(io, e.render());
      return FAILED;
    }
    long t1 = System.nanoTime();
    for (Warning w : result.warnings()) {
      if (shownWarnings.add(w.message()) && !quiet) {
        warn(io, "warning: " + w.message());
      }
    }
    io.out().print(header(io, CatalogTable.text(result, false, Math.max(0, io.tableWidth()))));
    if (time) {
      note(io, "time: " + millis(t1 - t0));
    }
    List<CatalogQuery.Row> failed = result.dataFailures();
    if (!failed.isEmpty()) {
      error(io, "cql: the data source failed for " + failed.size() + " of " + result.rows().size() + " entities: "
          + failed.get(0).error().getMessage());
      return FAILED;
    }
    return 0;
  }

  private CatalogQuery.Result runQuery(CqlExpression compiled, List<Entity> entities, Io io) {
    CatalogQuery query = CatalogQuery.over(session, entities);
    return io.runner().run(progress -> query.evaluate(compiled, now, java.util.Map.of(), threads,
        (row, done, total) -> progress.done(done, total)));
  }

  private Context context() {
    return session.context(entity, now);
  }

  private int command(String s, Io io) {
    int sp = 0;
    while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
      sp++;
    }
    String name = s.substring(0, sp);
    String arg = s.substring(sp).strip();
    switch (name) {
      case ":entity":
        return entityCommand(arg, io);
      case ":entities":
        return entities(io);
      case ":pipelines":
        return pipelines(io);
      case ":explain":
        return explain(arg, io);
      case ":time":
        return timeCommand(arg, io);
      case ":help":
      case ":h":
      case ":?":
        if (!arg.isEmpty()) {
          return helpTopic(arg, io);
        }
        help(io);
        return 0;
      case ":quit":
      case ":q":
      case ":exit":
        return QUIT;
      default: {
        List<String> names = COMMANDS.stream().map(Command::name).toList();
        error(io, "cql: unknown command '" + name + "'" + Suggest.didYouMean(name, names) + " (:help lists the commands)");
        return FAILED;
      }
    }
  }

  private int entityCommand(String arg, Io io) {
    PrintWriter out = io.out();
    if (arg.isEmpty() || arg.equals("-")) {
      selectEntity(null);
      out.println("entity: " + mode());
      return 0;
    }
    try {
      selectEntity(arg);
    } catch (IllegalArgumentException e) {
      error(io, "cql: " + e.getMessage());
      return FAILED;
    }
    out.println("entity: " + entity.tag() + " (" + entity.name() + ", " + entity.type() + ")");
    Linkage link;
    try {
      link = session.link(entity);
    } catch (BuildkiteException e) {
      error(io, "cql: Buildkite data could not be read: " + e.getMessage());
      return FAILED;
    }
    if (link.isNull()) {
      out.println("no Buildkite pipeline links to it: buildkite is null");
    } else if (link.pipelines().isEmpty()) {
      out.println("no linked pipelines: buildkite.pipelines() is empty");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (Pipeline p : link.pipelines()) {
        PipelineValue v = new PipelineValue(p);
        String why = link.reasons(p.slug()).stream().sorted().map(LinkReason::description).collect(Collectors.joining("; "));
        rows.add(List.of(p.slug(), Tables.text(v.field("name")), Tables.text(v.field("git_repository")),
            Tables.text(v.field("tags")), why));
      }
      out.print(header(io, Tables.table(List.of("slug", "name", "git_repository", "tags", "linked because"), rows, io.tableWidth())));
      out.println(rows.size() + " linked pipeline" + (rows.size() == 1 ? "" : "s"));
    }
    for (String w : link.warnings()) {
      if (shownWarnings.add(w) && !quiet) { // once per run
        warn(io, "warning: " + w);
      }
    }
    return 0;
  }

  private int entities(Io io) {
    List<List<String>> rows = new ArrayList<>();
    try {
      for (Entity e : session.catalog().all()) {
        Linkage l = session.link(e);
        rows.add(List.of(e.tag(), e.name(), e.type(), String.valueOf(l.pipelines().size())));
      }
    } catch (BuildkiteException e) {
      error(io, "cql: Buildkite data could not be read: " + e.getMessage());
      return FAILED;
    }
    io.out().print(header(io, Tables.table(List.of("tag", "name", "type", "pipelines"), rows, io.tableWidth())));
    io.out().println(rows.size() + " entit" + (rows.size() == 1 ? "y" : "ies")
        + (entity == null ? "" : "; selected: " + entity.tag()));
    return 0;
  }

  private int pipelines(Io io) {
    List<Pipeline> list;
    try {
      list = entity == null ? session.source().pipelines() : session.link(entity).pipelines();
    } catch (BuildkiteException e) {
      error(io, "cql: Buildkite data could not be read: " + e.getMessage());
      return FAILED;
    }
    if (list.isEmpty()) {
      io.out().println(entity == null ? "the organization has no pipelines" : "no pipelines are linked to " + entity.tag());
      return 0;
    }
    List<Object> values = new ArrayList<>();
    list.forEach(p -> values.add(new PipelineValue(p)));
    io.out().println(header(io, Tables.render(dev.cql.api.Value.of(values), io.maxRows(), io.tableWidth()))
        + (entity == null ? " in the organization (no entity selected)" : " linked to " + entity.tag()));
    return 0;
  }

  private int explain(String src, Io io) {
    PrintWriter out = io.out();
    if (src.isEmpty()) {
      error(io, "cql: :explain needs an expression, e.g. :explain buildkite.builds().length");
      return FAILED;
    }
    counter.reset();
    long t0 = System.nanoTime();
    CqlExpression compiled;
    try {
      compiled = session.engine().compile(src);
    } catch (CqlException e) {
      error(io, e.render());
      return COMPILE_ERROR;
    }
    long t1 = System.nanoTime();
    out.println("tree:");
    out.println(AstTree.print(SyntaxParser.parse(src).ast(), 78).indent(2).stripTrailing());
    List<Warning> warnings = new ArrayList<>(compiled.warnings());
    EvaluationResult r = null;
    CatalogQuery.Result all = null;
    CqlException failure = null;
    boolean everyEntity = entity == null && CatalogQuery.readsEntityScope(compiled);
    try {
      if (everyEntity) {
        all = runQuery(compiled, session.catalog().all(), io);
        warnings.addAll(all.warnings());
      } else {
        Context context = context();
        r = io.runner().run(progress -> compiled.evaluateDetailed(context));
        warnings.addAll(r.warnings());
      }
    } catch (Cancelled c) {
      note(io, "\ncancelled");
      return FAILED;
    } catch (CqlException e) {
      failure = e;
    }
    long t2 = System.nanoTime();
    out.println("warnings:" + (warnings.isEmpty() ? " none" : ""));
    for (Warning w : warnings) {
      out.println((all != null && compiled.warnings().stream().noneMatch(w::equals) ? "warning: " + w.message()
          : w.render(src)).indent(2).stripTrailing());
    }
    if (all != null) {
      out.println("value:\n" + CatalogTable.text(all, false, Math.max(0, io.tableWidth() - 2)).indent(2).stripTrailing());
    } else if (failure != null) {
      out.println("error:");
      out.println(failure.render().indent(2).stripTrailing());
    } else {
      String value = Tables.render(r.value(), io.maxRows(), io.tableWidth());
      out.println("value:" + (value.contains("\n") ? "\n" + value.indent(2).stripTrailing() : " " + value));
      out.println("work: " + r.work() + " steps");
    }
    out.println("entity: " + (entity != null ? entity.tag() : everyEntity
        ? "every entity" + (all == null ? "" : " (" + all.rows().size() + ")") : "none"));
    out.println("data read: " + counter.summary());
    out.println("time: " + millis(t2 - t0) + " (compile " + millis(t1 - t0) + ", evaluate " + millis(t2 - t1) + ")");
    return failure == null ? 0 : FAILED;
  }

  private int timeCommand(String arg, Io io) {
    switch (arg.toLowerCase(Locale.ROOT)) {
      case "on" -> time = true;
      case "off" -> time = false;
      case "" -> { }
      default -> {
        error(io, "cql: :time takes on or off, not '" + arg + "'");
        return FAILED;
      }
    }
    note(io, "time: " + (time ? "on" : "off"));
    return 0;
  }

  private int helpTopic(String topic, Io io) {
    String text = new HelpTopics(DataSession.declarations()).explain(topic);
    if (text == null) {
      error(io, "cql: no help on '" + topic + "'" + Suggest.didYouMean(topic, new HelpTopics(DataSession.declarations()).topics())
          + " (:help lists the commands; :help TOPIC takes a command, function, method, namespace, criterion or field)");
      return FAILED;
    }
    io.out().print(text.endsWith("\n") ? text : text + "\n");
    return 0;
  }

  private void help(Io io) {
    PrintWriter out = io.out();
    out.println("Type an expression to evaluate it for the selected entity (with none selected, an expression that");
    out.println("reads entity, buildkite, custom() or hasGroup() runs for every entity), e.g.");
    out.println("  buildkite.builds(states=[\"failed\"]).length");
    out.println("  buildkite.pipelines().map((p) => p.slug)");
    out.println("  entity.name()");
    out.println("Input continues on the next line while a bracket is open. Tab completes names, methods,");
    out.println("criteria and entity tags. Lists of pipelines and builds print as tables. Ctrl-C cancels an evaluation.");
    out.println(":help TOPIC explains a command, function, method, namespace, criterion or field (:help builds, :help state).");
    out.println("Commands:");
    List<List<String>> rows = new ArrayList<>();
    for (Command c : COMMANDS) {
      rows.add(List.of("  " + c.name() + (c.args().isEmpty() ? "" : " " + c.args()), c.summary()));
    }
    out.print(Tables.table(List.of("", ""), rows, io.tableWidth()).lines().skip(1).map(l -> l + "\n").collect(Collectors.joining()));
  }

  // ---- output helpers

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String header(Io io, String table) {
    if (!io.color()) {
      return table;
    }
    int nl = table.indexOf('\n');
    return nl < 0 ? table : paint(io, AttributedStyle.BOLD, table.substring(0, nl)) + table.substring(nl);
  }

  private static String paint(Io io, AttributedStyle style, String text) {
    return io.color() ? new AttributedString(text, style).toAnsi() : text;
  }

  private static void error(Io io, String text) {
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    io.err().println(paint(io, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED), first) + (nl < 0 ? "" : text.substring(nl)));
  }

  private static void warn(Io io, String text) {
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    io.err().println(paint(io, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW), first) + (nl < 0 ? "" : text.substring(nl)));
  }

  private static void note(Io io, String text) {
    io.err().println(paint(io, AttributedStyle.DEFAULT.faint(), text));
  }

  /**
   * Runs an evaluation on a worker thread while the terminal's Ctrl-C (SIGINT) is routed to it: Ctrl-C interrupts
   * the worker (the evaluation notices within a few steps, blocking data fetches at once) and returns to the
   * prompt at once, whatever the worker is doing. After a second, a query over many entities shows how far it has
   * got on a status line.
   */
  static final class TerminalRunner implements Runner {

    private final Terminal terminal;
    private final boolean ansi;

    TerminalRunner(Terminal terminal, boolean ansi) {
      this.terminal = terminal;
      this.ansi = ansi;
    }

    @Override
    public <T> T run(java.util.function.Function<Progress, T> work) {
      java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
      Progress progress = (d, t) -> {
        done.accumulateAndGet(d, Math::max);
        total.set(t);
      };
      Thread worker = new Thread(() -> {
        try {
          result.complete(work.apply(progress));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      }, "cql-repl-eval");
      worker.setDaemon(true);
      java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
      Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
        cancelled.set(true);
        worker.interrupt();
        result.completeExceptionally(new Cancelled());
      });
      boolean statusShown = false;
      long start = System.nanoTime();
      try {
        worker.start();
        while (true) {
          try {
            T value = result.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (cancelled.get()) {
              throw new Cancelled();
            }
            return value;
          } catch (java.util.concurrent.TimeoutException running) {
            if (ansi && total.get() > 1 && System.nanoTime() - start > 1_000_000_000L) {
              terminal.writer().print("\r" + done.get() + " of " + total.get() + " entities evaluated (Ctrl-C cancels)\u001b[K");
              terminal.writer().flush();
              statusShown = true;
            }
          }
        }
      } catch (InterruptedException e) {
        worker.interrupt();
        Thread.currentThread().interrupt();
        throw new Cancelled();
      } catch (java.util.concurrent.ExecutionException e) {
        if (cancelled.get()) {
          throw new Cancelled();
        }
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        if (c instanceof Error er) {
          throw er;
        }
        throw new IllegalStateException(c);
      } finally {
        terminal.handle(Terminal.Signal.INT, previous);
        if (statusShown) {
          terminal.writer().print("\r\u001b[K");
          terminal.writer().flush();
        }
      }
    }
  }
}
