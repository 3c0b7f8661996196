package dev.snapfork.examples.pipeline.internal;

import dev.snapfork.InvalidRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML subset pipeline files use into flat dotted keys: nested maps, scalars (plain or
 * quoted), lists of scalars (block {@code - item} or flow {@code [a, b]}, joined with commas) and
 * {@code #} comments. Anything else (anchors, block scalars, lists of maps) is rejected with the line.
 */
public final class FlatYaml {
  private FlatYaml() {}

  private record Level(int indent, String prefix) {}

  /**
   * Parses {@code text}.
   *
   * @throws InvalidRequestException naming {@code source} and the line for anything outside the subset
   */
  public static Map<String, String> parse(String source, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Deque<Level> stack = new ArrayDeque<>();
    stack.push(new Level(-1, ""));
    String listKey = null;
    int listIndent = -1;
    List<String> items = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String raw = stripComment(lines[n]);
      if (raw.isBlank() || raw.strip().equals("---")) {
        continue;
      }
      int indent = raw.length() - raw.stripLeading().length();
      String line = raw.strip();
      if (raw.indexOf('\t') >= 0 && raw.indexOf('\t') < indent) {
        throw error(source, n, "tabs are not allowed for indentation");
      }
      if (line.startsWith("- ") || line.equals("-")) {
        if (listKey == null || indent < listIndent) {
          throw error(source, n, "a list item must follow a 'key:' line");
        }
        String item = unquote(source, n, line.substring(1).strip());
        if (item.contains(":") && !line.substring(1).strip().startsWith("\"") && !line.substring(1).strip().startsWith("'")) {
          throw error(source, n, "lists of maps are not supported; use a list of plain values");
        }
        items.add(item);
        continue;
      }
      if (listKey != null) {
        if (!items.isEmpty()) {
          out.put(listKey, String.join(",", items));
        }
        listKey = null;
        items.clear();
      }
      int colon = keyColon(line);
      if (colon <= 0) {
        throw error(source, n, "expected 'key: value'");
      }
      while (stack.peek().indent >= indent) {
        stack.pop();
      }
      String key = stack.peek().prefix + line.substring(0, colon).strip();
      String rest = line.substring(colon + 1).strip();
      if (rest.isEmpty()) {
        stack.push(new Level(indent, key + "."));
        listKey = key;
        listIndent = indent;
      } else if (rest.startsWith("|") || rest.startsWith(">") || rest.startsWith("&") || rest.startsWith("*")) {
        throw error(source, n, "block scalars, anchors and aliases are not supported");
      } else if (rest.startsWith("[")) {
        if (!rest.endsWith("]")) {
          throw error(source, n, "a flow list must end on the same line with ']'");
        }
        List<String> flow = new ArrayList<>();
        for (String part : rest.substring(1, rest.length() - 1).split(",")) {
          if (!part.isBlank()) {
            flow.add(unquote(source, n, part.strip()));
          }
        }
        out.put(key, String.join(",", flow));
      } else {
        out.put(key, unquote(source, n, rest));
      }
    }
    if (listKey != null && !items.isEmpty()) {
      out.put(listKey, String.join(",", items));
    }
    return out;
  }

  private static int keyColon(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
        return i;
      }
      if (c == '"' || c == '\'') {
        return -1;
      }
    }
    return -1;
  }

  private static String stripComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String unquote(String source, int n, String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      String body = v.substring(1, v.length() - 1);
      return v.startsWith("\"") ? body.replace("\\\"", "\"").replace("\\\\", "\\") : body.replace("''", "'");
    }
    if (v.startsWith("\"") || v.startsWith("'")) {
      throw error(source, n, "unterminated quoted string");
    }
    return v;
  }

  private static InvalidRequestException error(String source, int n, String rule) {
    return new InvalidRequestException(source + ":" + (n + 1), rule);
  }
}
