package dev.cql.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cql.eval.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Reads conformance / rule-test files (the YAML format of interfaces.md). */
public final class ConformanceFile {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConformanceFile() {}

  /** A file that could not be read as a conformance file. */
  public static final class FormatException extends Exception {
    public FormatException(String message) {
      super(message);
    }
  }

  /** Whether the YAML file looks like a conformance file (a mapping with a top-level {@code cases}). */
  public static boolean isConformanceFile(Path file) {
    try {
      JsonNode root = YAML.readTree(file.toFile());
      return root != null && root.isObject() && root.has("cases");
    } catch (IOException e) {
      return false;
    }
  }

  /** Every conformance file under the paths (a directory means every *.yaml below it that has cases). */
  public static List<Path> discover(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
              .sorted()
              .filter(ConformanceFile::isConformanceFile)
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new IOException("no such file or directory: " + p);
      }
    }
    return files;
  }

  /** The cases of a file, with the file's defaults applied. */
  public static List<Case> read(Path file) throws FormatException {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new FormatException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject() || !root.path("cases").isArray()) {
      throw new FormatException(file + ": a conformance file is a mapping with a list under 'cases'");
    }
    Path dir = file.toAbsolutePath().getParent();
    Path data = path(dir, root.get("data"));
    String entity = text(root.get("entity"));
    Instant now = instant(file, root.get("now"));
    Map<String, Object> bindings = bindings(file, root.get("bindings"));
    List<Case> cases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode c : root.get("cases")) {
      index++;
      String name = text(c.get("name"));
      String id = name != null ? name : "#" + index;
      if (!ids.add(id)) {
        throw new FormatException(file + ": the case name '" + id + "' is used twice");
      }
      String expr = text(c.get("expr"));
      if (expr == null) {
        throw new FormatException(file + ": case " + id + " has no 'expr'");
      }
      boolean hasResult = c.has("result");
      String error = text(c.get("error"));
      if (hasResult == (error != null)) {
        throw new FormatException(file + ": case " + id + " needs exactly one of 'result' and 'error'");
      }
      int[] at = null;
      if (c.has("at")) {
        JsonNode a = c.get("at");
        if (!a.isArray() || a.size() != 2 || !a.get(0).canConvertToInt() || !a.get(1).canConvertToInt()) {
          throw new FormatException(file + ": case " + id + ": 'at' is [line, column]");
        }
        at = new int[] {a.get(0).intValue(), a.get(1).intValue()};
      }
      if (error != null) {
        try {
          dev.cql.api.error.ErrorKind.fromId(error);
        } catch (IllegalArgumentException e) {
          throw new FormatException(file + ": case " + id + ": " + e.getMessage());
        }
      }
      List<String> warnings = null;
      if (c.has("warnings")) {
        warnings = new ArrayList<>();
        for (JsonNode w : c.get("warnings")) {
          warnings.add(w.asText());
        }
      }
      Map<String, Object> caseBindings = new LinkedHashMap<>(bindings);
      caseBindings.putAll(bindings(file, c.get("bindings")));
      cases.add(new Case(id, expr, hasResult ? c.get("result") : null, error, at, text(c.get("message")), warnings,
          c.has("data") ? path(dir, c.get("data")) : data,
          c.has("entity") ? text(c.get("entity")) : entity,
          c.has("now") ? instant(file, c.get("now")) : now,
          caseBindings));
    }
    return cases;
  }

  private static Path path(Path dir, JsonNode n) {
    String s = text(n);
    return s == null ? null : dir.resolve(s).normalize();
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Instant instant(Path file, JsonNode n) throws FormatException {
    String s = text(n);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new FormatException(file + ": 'now' must be an ISO-8601 datetime, not '" + s + "'");
    }
  }

  private static Map<String, Object> bindings(Path file, JsonNode n) throws FormatException {
    Map<String, Object> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new FormatException(file + ": 'bindings' must be a mapping of names to values");
    }
    n.fields().forEachRemaining(e -> out.put(e.getKey(), Values.fromJson(e.getValue())));
    return out;
  }
}
