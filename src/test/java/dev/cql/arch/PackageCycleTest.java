package dev.cql.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages under src/main/java form no import cycle: the shared language types sit beneath the
 * phases (syntax, check, eval), the API above them, and so on. The graph is read from the sources
 * (imports and fully qualified names in code, comments excluded), so a new cycle fails here.
 */
class PackageCycleTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.cql(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");

  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        Matcher pm = PACKAGE.matcher(src);
        if (!pm.find()) {
          continue;
        }
        String pkg = pm.group(1);
        String code = codeOnly(src);
        Set<String> out = edges.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            out.add(m.group(1));
          }
        }
      }
    }
    return edges;
  }

  /** The source with comments, string and character literals blanked out. */
  static String codeOnly(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '/') {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? src.length() : end + 2;
        out.append(' ');
      } else if (c == '"' || c == '\'') {
        boolean block = c == '"' && src.startsWith("\"\"\"", i);
        String close = block ? "\"\"\"" : String.valueOf(c);
        i += close.length();
        while (i < src.length() && !src.startsWith(close, i)) {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i += close.length();
        out.append("\"\"");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The strongly connected components with more than one package (Tarjan). */
  static List<Set<String>> cycles(Map<String, Set<String>> edges) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] counter = {0};
    for (String v : edges.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, edges, index, low, stack, onStack, found, counter);
      }
    }
    return found;
  }

  private static void strongConnect(String v, Map<String, Set<String>> edges, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : edges.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, edges, index, low, stack, onStack, found, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }

  @Test
  void noPackageImportsAnotherInACycle() throws IOException {
    Map<String, Set<String>> g = graph();
    assertThat(g).containsKeys("dev.cql.lang", "dev.cql.syntax", "dev.cql.check", "dev.cql.eval", "dev.cql.api");
    assertThat(cycles(g)).as("package cycles in %s", g).isEmpty();
  }

  @Test
  void thePhasesSitAboveTheSharedLanguageTypes() throws IOException {
    Map<String, Set<String>> g = graph();
    assertThat(g.get("dev.cql.lang")).doesNotContain("dev.cql.syntax", "dev.cql.check", "dev.cql.eval", "dev.cql.api");
    assertThat(g.get("dev.cql.check")).doesNotContain("dev.cql.eval");
    assertThat(g.get("dev.cql.eval")).doesNotContain("dev.cql.check", "dev.cql.syntax");
    assertThat(g.get("dev.cql.api.error")).isEmpty();
  }

  @Test
  void referencesInCommentsAndStringsDoNotCount() {
    assertThat(codeOnly("a /* dev.cql.x.Y */ b // dev.cql.x.Y\n\"dev.cql.x.Y\" 'x' dev.cql.z.W"))
        .doesNotContain("dev.cql.x").contains("dev.cql.z.W");
  }

  @Test
  void theDetectorFindsACycle() {
    Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycles(g)).containsExactly(Set.of("a", "b", "c"));
  }
}
