package dev.cql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README never lies: every {@code ./cql} line of a {@code sh} block whose comment gives a value or an exit
 * status is run (in-process, through the same command line) and checked, every {@code $ ./cql} transcript is
 * compared with what the command prints, and the Java examples are compiled and run against the public API alone (dev.cql.api).
 *
 * <p>A comment is checked when it starts with {@code exit N} (the exit status), with {@code N of M entities: X}
 * (the last line printed), or with a JSON value, alone or followed by {@code ": "} and words ({@code # 7},
 * {@code # [1,"a",null]}, {@code # true: it has linked pipelines}): then the command must exit 0 and print
 * exactly that value. Any other comment describes the command and is not checked.
 */
class ReadmeTest {

  static final Path README = Path.of("README.md");
  static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final Pattern EXIT = Pattern.compile("^exit (\\d+)\\b");
  static final Pattern COUNT = Pattern.compile("^(\\d+ of \\d+ entit(?:y|ies): \\w+)");

  @TempDir Path tmp;

  @AfterEach
  void restoreEnvironment() {
    Sessions.env = System::getenv;
  }

  /** One shell line: its environment prefix, its words, whether it runs in the background, its comment. */
  record Line(Map<String, String> env, List<String> words, boolean background, String comment, String text) {}

  /** The logical lines (continuations joined) of every block fenced with the given info string. */
  static List<String> blocks(String markdown, String info) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    boolean in = false;
    StringBuilder pending = new StringBuilder();
    for (String raw : markdown.split("\n", -1)) {
      if (raw.startsWith("```")) {
        fenced = !fenced;
        in = fenced && raw.substring(3).strip().equals(info);
        continue;
      }
      if (!in) {
        continue;
      }
      if (raw.endsWith("\\")) {
        pending.append(raw, 0, raw.length() - 1).append(' ');
        continue;
      }
      out.add(pending.append(raw).toString());
      pending.setLength(0);
    }
    return out;
  }

  /** Splits a shell line into words (single and double quotes, backslash escapes in double quotes) and a comment. */
  static Line parse(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder w = null;
    String comment = null;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        w = w == null ? new StringBuilder() : w;
        w.append(text, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        w = w == null ? new StringBuilder() : w;
        i++;
        while (text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
            i++;
          }
          w.append(text.charAt(i++));
        }
        i++;
      } else if (Character.isWhitespace(c)) {
        if (w != null) {
          words.add(w.toString());
          w = null;
        }
        i++;
      } else if (c == '#' && w == null) {
        comment = text.substring(i + 1).strip();
        break;
      } else {
        w = w == null ? new StringBuilder() : w;
        w.append(c);
        i++;
      }
    }
    if (w != null) {
      words.add(w.toString());
    }
    Map<String, String> env = new LinkedHashMap<>();
    while (!words.isEmpty() && words.get(0).matches("[A-Z_][A-Z0-9_]*=.*")) {
      String[] kv = words.remove(0).split("=", 2);
      env.put(kv[0], kv[1]);
    }
    boolean background = !words.isEmpty() && words.get(words.size() - 1).equals("&");
    if (background) {
      words.remove(words.size() - 1);
    }
    return new Line(env, words, background, comment, text.strip());
  }

  /** The value a comment gives, or null when it only describes the command. */
  static String value(String comment) {
    if (comment == null) {
      return null;
    }
    for (String candidate : comment.contains(": ") ? List.of(comment, comment.substring(0, comment.indexOf(": ")))
        : List.of(comment)) {
      try {
        STRICT.readTree(candidate);
        return candidate;
      } catch (Exception notJson) {
        // a description
      }
    }
    return null;
  }

  @Test
  void theParserReadsTheReadmesShapes() {
    Line l = parse("BUILDKITE_API_TOKEN=t ./cql eval --entity x 'buildkite.builds(states=[\"a\"]).length'   # 12");
    assertThat(l.env()).containsEntry("BUILDKITE_API_TOKEN", "t");
    assertThat(l.words()).containsExactly("./cql", "eval", "--entity", "x", "buildkite.builds(states=[\"a\"]).length");
    assertThat(value(l.comment())).isEqualTo("12");
    assertThat(value("true: it has linked pipelines")).isEqualTo("true");
    assertThat(value("[1,\"a\",null]")).isEqualTo("[1,\"a\",null]");
    assertThat(value("the entity page: pipelines and recent runs")).isNull();
    assertThat(value("[{\"entity\": ..., \"value\": ...}, ...]")).isNull();
    assertThat(parse("./cql serve --x 1 &").background()).isTrue();
    assertThat(parse("./cql eval \"a \\\"b\\\" c\" # x").words()).containsExactly("./cql", "eval", "a \"b\" c");
  }

  @Test
  void everyCheckedCommandOfTheReadmeDoesWhatItSays() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Map<String, String> urls = new HashMap<>(); // the README's fixed port -> the port the test's server got
    List<Thread> servers = new ArrayList<>();
    int checked = 0;
    try {
      for (String text : blocks(readme, "sh")) {
        Line line = parse(text);
        if (line.words().isEmpty() || !line.words().get(0).equals("./cql")) {
          continue;
        }
        List<String> args = new ArrayList<>(line.words().subList(1, line.words().size()));
        if (line.background()) {
          if (args.get(0).equals("buildkite") && args.get(1).equals("serve")) {
            servers.add(serve(args, urls));
          }
          continue;
        }
        String comment = line.comment() == null ? "" : line.comment();
        Matcher exit = EXIT.matcher(comment);
        Matcher count = COUNT.matcher(comment);
        String value = value(line.comment());
        if (!exit.find() && !count.find() && value == null) {
          continue; // a description
        }
        args.replaceAll(a -> {
          String r = a;
          for (var u : urls.entrySet()) {
            r = r.replace(u.getKey(), u.getValue());
          }
          return r;
        });
        Map<String, String> env = line.env();
        Sessions.env = env::get;
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        checked++;
        if (exit.reset().find()) {
          assertThat(r.code()).as(text + "\n" + r.err()).isEqualTo(Integer.parseInt(exit.group(1)));
        } else if (count.reset().find()) {
          assertThat(r.code()).as(text + "\n" + r.err()).isZero();
          String[] lines = r.out().strip().split("\n");
          assertThat(lines[lines.length - 1]).as(text).isEqualTo(count.group(1));
          assertThat(lines.length).as(text).isGreaterThan(2); // the table came first
        } else {
          assertThat(r.code()).as(text + "\n" + r.err()).isZero();
          assertThat(r.out().strip()).as(text).isEqualTo(value);
        }
      }
    } finally {
      for (Thread t : servers) {
        t.interrupt();
        t.join(10_000);
      }
    }
    assertThat(checked).as("checked README lines").isGreaterThanOrEqualTo(10);
  }

  /** Starts {@code cql buildkite serve} in-process on a free port; maps the README's URL to the real one. */
  private static Thread serve(List<String> args, Map<String, String> urls) throws Exception {
    int p = args.indexOf("--port");
    String readmeUrl = "http://127.0.0.1:" + args.get(p + 1);
    List<String> free = new ArrayList<>(args);
    free.set(p + 1, "0");
    StringWriter out = new StringWriter();
    Thread t = new Thread(() -> Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
        free.toArray(String[]::new)), "readme-serve");
    t.setDaemon(true);
    t.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!out.toString().contains("\n") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String url = out.toString().strip();
    assertThat(url).startsWith("http://127.0.0.1:");
    urls.put(readmeUrl, url);
    return t;
  }

  @Test
  void transcriptsPrintWhatTheReadmeShows() {
    String readme = Files.exists(README) ? readFile() : "";
    int checked = 0;
    List<String> lines = blocks(readme, "");
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("$ ./cql ")) {
        continue;
      }
      StringBuilder expected = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).startsWith("$ ")) {
        expected.append(lines.get(j)).append('\n');
        j++;
      }
      Line line = parse(lines.get(i).substring(2));
      Sessions.env = k -> null;
      Cli.Run r = Cli.run(line.words().subList(1, line.words().size()).toArray(String[]::new));
      assertThat((r.out() + r.err()).replace("cql: no --data or --org given: using the bundled demo organization (acme-inc)\n", "")
          .stripTrailing()).as(lines.get(i)).isEqualTo(expected.toString().stripTrailing());
      checked++;
    }
    assertThat(checked).isPositive();
  }

  private static String readFile() {
    try {
      return Files.readString(README, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theJavaExamplesCompileAndRun() throws Exception {
    List<String> examples = new ArrayList<>();
    String readme = readFile();
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      examples.add(m.group(1));
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    StringBuilder src = new StringBuilder("""
        import dev.cql.api.*;
        import dev.cql.api.data.*;
        import dev.cql.api.error.*;
        import java.time.Instant;
        import java.util.Map;
        public class ReadmeExamples {
        """);
    for (int i = 0; i < examples.size(); i++) {
      src.append("public static void example").append(i).append("() throws Exception {\n").append(examples.get(i)).append("}\n");
    }
    src.append("}\n");
    Path dir = Files.createDirectories(tmp.resolve("src"));
    Path file = dir.resolve("ReadmeExamples.java");
    Files.writeString(file, src);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path");
    StringWriter diagnostics = new StringWriter();
    int rc = javac.run(null, null, new java.io.PrintStream(new java.io.ByteArrayOutputStream()) {
      @Override
      public void write(byte[] b, int off, int len) {
        diagnostics.write(new String(b, off, len, StandardCharsets.UTF_8));
      }
    }, "-proc:none", "-cp", classpath, "-d", tmp.resolve("classes").toString(), file.toString());
    assertThat(rc).as(diagnostics.toString()).isZero();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.resolve("classes").toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> c = loader.loadClass("ReadmeExamples");
      for (int i = 0; i < examples.size(); i++) {
        c.getMethod("example" + i).invoke(null); // throws (InvocationTargetException) if an example does
      }
    }
  }
}
