package dev.cql.scorecard;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read with Jackson's streaming parser into a small tree that remembers where every node and
 * every mapping key starts (1-based line and column), so that problems, and errors inside CQL expressions,
 * can be reported at their place in the file.
 */
final class YamlTree {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTree() {}

  /** A position in the file: 1-based line and column. */
  record Pos(int line, int column) {
    static final Pos START = new Pos(1, 1);

    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** A node: a mapping, a list or a scalar (String, Long, BigInteger, BigDecimal, Double, Boolean or null). */
  sealed interface Node permits MapNode, ListNode, Scalar {
    Pos pos();

    /** A word for messages: "a mapping", "a list", "a string", "a number", ... */
    String describe();
  }

  /** A mapping entry: the key's position and the value. */
  record Entry(String key, Pos keyPos, Node value) {}

  record MapNode(Pos pos, Map<String, Entry> entries) implements Node {
    Node get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record ListNode(Pos pos, List<Node> items) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  record Scalar(Pos pos, Object value) implements Node {
    boolean isNull() {
      return value == null;
    }

    @Override
    public String describe() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String) {
        return "a string";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      return "a number";
    }
  }

  /** A document that is not well-formed YAML, or repeats a key. */
  static final class YamlException extends Exception {
    final Pos pos;

    YamlException(Pos pos, String message) {
      super(message);
      this.pos = pos;
    }
  }

  /** Reads the (first) document; an empty document gives a null scalar. */
  static Node parse(String text) throws YamlException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Scalar(Pos.START, null);
      }
      return read(p);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String msg = e.getOriginalMessage();
      msg = msg == null ? "not valid YAML" : msg.lines().findFirst().orElse(msg);
      throw new YamlException(l == null ? Pos.START : pos(l), "not valid YAML: " + msg);
    } catch (IOException e) {
      throw new YamlException(Pos.START, "cannot read: " + e.getMessage());
    }
  }

  private static Node read(JsonParser p) throws IOException, YamlException {
    Pos at = pos(p.currentTokenLocation());
    switch (p.currentToken()) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Pos first = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Pos keyPos = pos(p.currentTokenLocation());
          if (first == null) {
            first = keyPos;
          }
          p.nextToken();
          Node value = read(p);
          if (entries.containsKey(key)) {
            throw new YamlException(keyPos, "the key '" + key + "' appears twice in this mapping (first at "
                + entries.get(key).keyPos() + ")");
          }
          entries.put(key, new Entry(key, keyPos, value));
        }
        return new MapNode(first != null ? first : at, Collections.unmodifiableMap(entries));
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p));
        }
        return new ListNode(at, List.copyOf(items));
      }
      case VALUE_STRING -> {
        return new Scalar(at, p.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Scalar(at, p.getNumberValue());
      }
      case VALUE_TRUE -> {
        return new Scalar(at, Boolean.TRUE);
      }
      case VALUE_FALSE -> {
        return new Scalar(at, Boolean.FALSE);
      }
      case VALUE_NULL -> {
        return new Scalar(at, null);
      }
      default -> {
        Object v = p.getEmbeddedObject();
        return new Scalar(at, v == null ? null : v.toString());
      }
    }
  }

  private static Pos pos(JsonLocation l) {
    return new Pos(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  /**
   * Where a character of a scalar's value is in the file. {@code valueOffset} is an offset into the value
   * text (for an expression: the error's offset); the scalar starts at {@code start}. Works for plain, quoted
   * and block scalars, on one line or several: the value's non-blank characters are matched in order against
   * the file text after the opening quote or the block header, skipping what YAML removes (indentation,
   * line folding, quotes and escape backslashes).
   */
  static Pos locate(String fileText, Pos start, String value, int valueOffset) {
    int[] lineStarts = lineStarts(fileText);
    int p = offsetOf(lineStarts, fileText, start);
    if (p < fileText.length()) {
      char c = fileText.charAt(p);
      if (c == '"' || c == '\'') {
        p++;
      } else if (c == '|' || c == '>') {
        int nl = fileText.indexOf('\n', p);
        p = nl < 0 ? fileText.length() : nl + 1;
      }
    }
    int target = Math.max(0, Math.min(valueOffset, value.length()));
    for (int i = 0; i < target; i++) {
      char v = value.charAt(i);
      if (Character.isWhitespace(v)) {
        continue;
      }
      int found = indexOfSkipping(fileText, v, p);
      if (found < 0) {
        break;
      }
      p = found + 1;
    }
    // the target character itself: the next occurrence of it (blank: the next character)
    if (target < value.length() && !Character.isWhitespace(value.charAt(target))) {
      int found = indexOfSkipping(fileText, value.charAt(target), p);
      if (found >= 0) {
        p = found;
      }
    } else {
      while (p < fileText.length() && (fileText.charAt(p) == '\n' || fileText.charAt(p) == '\r')) {
        p++;
      }
    }
    return posOf(lineStarts, Math.min(p, Math.max(0, fileText.length())));
  }

  /** The next index of c at or after from (the value is a subsequence of the file text), or -1. */
  private static int indexOfSkipping(String text, char c, int from) {
    return from >= text.length() ? -1 : text.indexOf(c, from);
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        starts.add(i + 1);
      } else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int offsetOf(int[] lineStarts, String text, Pos pos) {
    int line = Math.min(Math.max(pos.line(), 1), lineStarts.length);
    return Math.min(text.length(), lineStarts[line - 1] + pos.column() - 1);
  }

  private static Pos posOf(int[] lineStarts, int offset) {
    int line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) {
      line++;
    }
    return new Pos(line + 1, offset - lineStarts[line] + 1);
  }
}
