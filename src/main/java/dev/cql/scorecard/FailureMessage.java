package dev.cql.scorecard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cql.lang.Limit;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Fills a rule's failure message, a small subset of Mustache as Cortex uses it:
 * <ul>
 *   <li>{@code {{context.evaluation.captures.NAME}}} (also {@code {{{...}}}} and {@code {{& ...}}}): the captured
 *       value; strings as they are, numbers and booleans as written, null as {@code null}, lists and objects as
 *       JSON. Nothing is HTML-escaped here (the message is Markdown; reports escape what they print).</li>
 *   <li>{@code {{#PATH}}...{{/PATH}}}: repeated for each element of a list (names inside resolve against the
 *       element first, {@code {{.}}} is the element itself), shown once for a non-empty object or true, left out
 *       for false, null, an empty list or a path that names nothing; {@code {{^PATH}}...{{/PATH}}} is the
 *       inverse.</li>
 *   <li>{@code {{! comment}}} is dropped.</li>
 * </ul>
 * A variable that names nothing (an unknown placeholder, or a capture the evaluation did not record) stays in
 * the message as written, so that it shows. Unbalanced sections are left as text.
 */
public final class FailureMessage {

  // rendered size and work are bounded: 8 nested sections over a 10-element capture took 6.5 GB

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Object MISSING = new Object();

  private FailureMessage() {}

  /** The message with the captures (plain Java values by name) filled in; null for a null template. */
  public static String render(String template, Map<String, Object> captures) {
    if (template == null) {
      return null;
    }
    Map<String, Object> root = Map.of("context", Map.of("evaluation", Map.of("captures", captures)));
    Deque<Object> stack = new ArrayDeque<>();
    stack.push(root);
    StringBuilder out = new StringBuilder();
    try {
      render(template, 0, template.length(), stack, out, new long[] {MAX_STEPS});
    } catch (TooLong e) {
      int max = (int) Limit.MESSAGE_SIZE.value();
      out.setLength(Math.min(out.length(), max));
      out.append("... (message truncated: ").append(Limit.MESSAGE_SIZE.explain()).append(')');
    }
    return out.toString();
  }

  /** Section iterations one rendering may take (nested sections over lists multiply). */
  private static final long MAX_STEPS = 1_000_000;

  private static final class TooLong extends RuntimeException {
    TooLong() {
      super(null, null, false, false);
    }
  }

  private static void render(String t, int from, int to, Deque<Object> stack, StringBuilder out, long[] steps) {
    if (out.length() > Limit.MESSAGE_SIZE.value() || --steps[0] < 0) {
      throw new TooLong();
    }
    int i = from;
    while (i < to) {
      if (out.length() > Limit.MESSAGE_SIZE.value()) {
        throw new TooLong();
      }
      int open = t.indexOf("{{", i);
      if (open < 0 || open >= to) {
        out.append(t, i, to);
        return;
      }
      out.append(t, i, open);
      boolean triple = t.startsWith("{{{", open);
      int close = t.indexOf(triple ? "}}}" : "}}", open + (triple ? 3 : 2));
      if (close < 0 || close + (triple ? 3 : 2) > to) {
        out.append(t, open, to);
        return;
      }
      int end = close + (triple ? 3 : 2);
      String tag = t.substring(open + (triple ? 3 : 2), close).strip();
      char sigil = tag.isEmpty() ? ' ' : tag.charAt(0);
      if (!triple && (sigil == '#' || sigil == '^')) {
        String name = tag.substring(1).strip();
        int[] section = findClose(t, end, to, name);
        if (section == null) {
          out.append(t, open, end);
          i = end;
          continue;
        }
        Object v = lookup(name, stack);
        if (sigil == '^') {
          if (!truthy(v)) {
            render(t, end, section[0], stack, out, steps);
          }
        } else if (v instanceof Collection<?> items) {
          for (Object item : items) {
            stack.push(item);
            render(t, end, section[0], stack, out, steps);
            stack.pop();
          }
        } else if (truthy(v)) {
          boolean push = v instanceof Map<?, ?>;
          if (push) {
            stack.push(v);
          }
          render(t, end, section[0], stack, out, steps);
          if (push) {
            stack.pop();
          }
        }
        i = section[1];
        continue;
      }
      if (!triple && sigil == '!') {
        i = end;
        continue;
      }
      if (!triple && sigil == '/') {
        out.append(t, open, end); // a stray close tag: leave it visible
        i = end;
        continue;
      }
      String name = !triple && sigil == '&' ? tag.substring(1).strip() : tag;
      Object v = lookup(name, stack);
      if (v == MISSING) {
        out.append(t, open, end);
      } else {
        out.append(format(v));
      }
      i = end;
    }
  }

  /** {start of the closing tag, index after it} for the section named name, honouring nesting; or null. */
  private static int[] findClose(String t, int from, int to, String name) {
    int depth = 1;
    int i = from;
    while (i < to) {
      int open = t.indexOf("{{", i);
      if (open < 0 || open >= to) {
        return null;
      }
      int close = t.indexOf("}}", open + 2);
      if (close < 0 || close + 2 > to) {
        return null;
      }
      String tag = t.substring(open + 2, close).strip();
      if ((tag.startsWith("#") || tag.startsWith("^")) && tag.substring(1).strip().equals(name)) {
        depth++;
      } else if (tag.startsWith("/") && tag.substring(1).strip().equals(name)) {
        depth--;
        if (depth == 0) {
          return new int[] {open, close + 2};
        }
      }
      i = close + 2;
    }
    return null;
  }

  private static Object lookup(String name, Deque<Object> stack) {
    if (name.equals(".")) {
      return stack.peek();
    }
    String[] parts = name.split("\\.", -1);
    for (Object frame : stack) {
      if (frame instanceof Map<?, ?> m && m.containsKey(parts[0])) {
        Object v = m.get(parts[0]);
        for (int k = 1; k < parts.length; k++) {
          if (v instanceof Map<?, ?> mm && mm.containsKey(parts[k])) {
            v = mm.get(parts[k]);
          } else if (v instanceof List<?> l && parts[k].matches("\\d+") && Integer.parseInt(parts[k]) < l.size()) {
            v = l.get(Integer.parseInt(parts[k]));
          } else if (v instanceof Collection<?> c && (parts[k].equals("length") || parts[k].equals("size"))) {
            v = (long) c.size();
          } else {
            return MISSING;
          }
        }
        return v;
      }
    }
    return MISSING;
  }

  private static boolean truthy(Object v) {
    if (v == MISSING || v == null || Boolean.FALSE.equals(v)) {
      return false;
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** How a value is shown in a message. */
  public static String format(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof BigDecimal d) {
      BigDecimal s = d.stripTrailingZeros();
      return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }
}
