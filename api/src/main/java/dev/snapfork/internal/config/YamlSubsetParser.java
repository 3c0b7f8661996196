package dev.snapfork.internal.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.CoreKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small YAML subset Snapfork configuration files use and flattens it to dotted keys:
 * nested block mappings of scalars (indented with spaces), plain, single- and double-quoted
 * scalars, {@code #} comments, and lists of scalars (block {@code - a} items or flow
 * {@code [a, b]}), which become one comma-separated value. {@code ~} and {@code null} are empty.
 * Anything else (anchors, tags, block scalars, flow mappings, tabs) is rejected with the line
 * number rather than misread.
 *
 * <pre>
 * snapfork:
 *   provider: portworx     # a comment
 *   hooks: [mongo]
 *   portworx:
 *     endpoint: "px.example:9020"
 * </pre>
 * gives {@code snapfork.provider=portworx}, {@code snapfork.hooks=mongo},
 * {@code snapfork.portworx.endpoint=px.example:9020}.
 */
public final class YamlSubsetParser {
  private final String source;
  private final Map<String, String> out = new LinkedHashMap<>();
  private final Deque<Frame> frames = new ArrayDeque<>();
  private int lineNo;

  /** A key whose value is the nested block that follows it. */
  private static final class Frame {
    final int indent;
    final String path;
    int childIndent = -1;
    List<String> items;

    Frame(int indent, String path) {
      this.indent = indent;
      this.path = path;
    }
  }

  private YamlSubsetParser(String source) {
    this.source = source;
  }

  /**
   * @param source where the text came from, for error messages (e.g. the file path)
   * @return the flattened keys in file order
   * @throws ConfigurationException naming {@code snapfork.config-file}, the source and the line
   *     for anything outside the subset or malformed
   */
  public static Map<String, String> parse(String text, String source) {
    YamlSubsetParser p = new YamlSubsetParser(source);
    p.run(text);
    return p.out;
  }

  private void run(String text) {
    frames.push(new Frame(-1, ""));
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      lineNo = i + 1;
      line(lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i]);
    }
    while (frames.size() > 1) {
      close(frames.pop());
    }
  }

  private void line(String raw) {
    int indent = 0;
    while (indent < raw.length() && raw.charAt(indent) == ' ') {
      indent++;
    }
    if (indent < raw.length() && raw.charAt(indent) == '\t') {
      throw error("tabs are not allowed for indentation");
    }
    String content = stripComment(raw.substring(indent)).strip();
    if (content.isEmpty() || (indent == 0 && (content.equals("---") || content.equals("...")))) {
      return;
    }
    boolean item = content.equals("-") || content.startsWith("- ");
    // "key:\n- a" (items at the key's own indentation) is a list under that key.
    Frame top = frames.peek();
    boolean indentlessItem = item && frames.size() > 1 && top.indent == indent
        && (top.childIndent == -1 || (top.items != null && top.childIndent == indent));
    while (!indentlessItem && frames.size() > 1 && indent <= frames.peek().indent) {
      close(frames.pop());
    }
    Frame parent = frames.peek();
    if (parent.childIndent == -1) {
      parent.childIndent = indent;
    } else if (parent.childIndent != indent) {
      throw error("unexpected indentation (expected " + parent.childIndent + " spaces)");
    }
    if (item) {
      listItem(parent, content.substring(1).strip());
    } else {
      if (parent.items != null) {
        throw error("a key cannot follow list items at the same level");
      }
      mapping(indent, parent, content);
    }
  }

  private void listItem(Frame parent, String text) {
    if (parent.path.isEmpty()) {
      throw error("a list must be the value of a key");
    }
    if (parent.items == null) {
      if (out.keySet().stream().anyMatch(k -> k.startsWith(parent.path + "."))) {
        throw error("a list item cannot follow keys at the same level");
      }
      parent.items = new ArrayList<>();
    }
    if (text.isEmpty() || text.startsWith("- ") || isKeyValue(text)) {
      throw error("only lists of scalars are supported");
    }
    parent.items.add(scalar(text));
  }

  private void mapping(int indent, Frame parent, String content) {
    int colon;
    String key;
    if (content.startsWith("\"") || content.startsWith("'")) {
      int end = closingQuote(content);
      key = scalar(content.substring(0, end + 1));
      colon = end + 1;
      if (colon >= content.length() || content.charAt(colon) != ':') {
        throw error("expected ':' after the quoted key");
      }
    } else {
      colon = keyColon(content);
      if (colon < 0) {
        throw error("expected 'key: value'");
      }
      key = content.substring(0, colon).strip();
    }
    if (key.isEmpty()) {
      throw error("empty key");
    }
    String path = parent.path.isEmpty() ? key : parent.path + "." + key;
    String value = content.substring(colon + 1).strip();
    if (value.isEmpty()) {
      if (out.containsKey(path) || out.keySet().stream().anyMatch(k -> k.startsWith(path + "."))) {
        throw error("duplicate key " + path);
      }
      frames.push(new Frame(indent, path));
    } else {
      put(path, value.startsWith("[") ? flowList(value) : scalar(value));
    }
  }

  private void close(Frame f) {
    if (f.items != null) {
      put(f.path, String.join(",", f.items));
    } else if (f.childIndent == -1) {
      put(f.path, "");
    }
  }

  private void put(String path, String value) {
    if (out.putIfAbsent(path, value) != null) {
      throw error("duplicate key " + path);
    }
  }

  private String flowList(String value) {
    if (!value.endsWith("]")) {
      throw error("a flow list must end with ']' on the same line");
    }
    String inner = value.substring(1, value.length() - 1).strip();
    if (inner.isEmpty()) {
      return "";
    }
    List<String> items = new ArrayList<>();
    int start = 0;
    char quote = 0;
    for (int i = 0; i <= inner.length(); i++) {
      char c = i < inner.length() ? inner.charAt(i) : ',';
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ',') {
        String item = inner.substring(start, i).strip();
        if (item.isEmpty() || item.startsWith("[") || item.startsWith("{")) {
          throw error("only flat lists of scalars are supported");
        }
        items.add(scalar(item));
        start = i + 1;
      }
    }
    return String.join(",", items);
  }

  private String scalar(String text) {
    char first = text.charAt(0);
    if (first == '"' || first == '\'') {
      int end = closingQuote(text);
      if (end != text.length() - 1) {
        throw error("unexpected text after the closing quote");
      }
      String body = text.substring(1, end);
      return first == '\'' ? body.replace("''", "'") : unescape(body);
    }
    if ("&*!|>{%@`".indexOf(first) >= 0) {
      throw error("'" + first + "' (anchors, aliases, tags, block scalars, flow mappings) is not supported; quote the value");
    }
    if (text.equals("~") || text.equals("null")) {
      return "";
    }
    return text;
  }

  private int closingQuote(String text) {
    char quote = text.charAt(0);
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '"' && c == '\\') {
        i++;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    throw error("unterminated quoted string");
  }

  private String unescape(String body) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case '0' -> sb.append('\0');
        default -> throw error("unsupported escape \\" + e);
      }
    }
    return sb.toString();
  }

  /** The index of the ':' that ends a plain key (followed by a space or the end), or -1. */
  private static int keyColon(String content) {
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isKeyValue(String text) {
    return text.charAt(0) != '"' && text.charAt(0) != '\'' && keyColon(text) > 0;
  }

  /** Drops a {@code #} comment that starts the text or follows whitespace, outside quotes. */
  private static String stripComment(String text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (quote == '"' && c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if ((c == '"' || c == '\'') && (i == 0 || " :[,-".indexOf(text.charAt(i - 1)) >= 0)) {
        quote = c;
      } else if (c == '#' && (i == 0 || text.charAt(i - 1) == ' ')) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  private ConfigurationException error(String rule) {
    return new ConfigurationException(CoreKeys.CONFIG_FILE, source + " line " + lineNo + ": " + rule);
  }
}
