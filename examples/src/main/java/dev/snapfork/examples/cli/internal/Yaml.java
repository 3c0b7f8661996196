package dev.snapfork.examples.cli.internal;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/** A small YAML (block style) writer for the CLI's values; strings that could be misread are double-quoted. */
public final class Yaml {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_ ./@+-]*");
  private static final Pattern RESERVED = Pattern.compile("(?i)true|false|yes|no|on|off|null|~|y|n");

  private Yaml() {}

  /** {@code value} as a YAML document (without the leading {@code ---}). */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      block(sb, value, 0);
    } else {
      scalar(sb, value);
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void block(StringBuilder sb, Object v, int indent) {
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(" ".repeat(indent));
        scalar(sb, String.valueOf(e.getKey()));
        sb.append(':');
        child(sb, e.getValue(), indent);
      }
    } else if (v instanceof Collection<?> c) {
      for (Object o : c) {
        sb.append(" ".repeat(indent)).append('-');
        if (o instanceof Map<?, ?> m && !m.isEmpty()) {
          // first entry on the dash line, the rest indented under it
          StringBuilder inner = new StringBuilder();
          block(inner, o, indent + 2);
          sb.append(' ').append(inner.substring(indent + 2));
        } else {
          child(sb, o, indent);
        }
      }
    }
  }

  private static void child(StringBuilder sb, Object v, int indent) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      sb.append('\n');
      block(sb, v, indent + 2);
    } else if (v instanceof Collection<?> c && !c.isEmpty()) {
      sb.append('\n');
      block(sb, v, indent + 2);
    } else {
      sb.append(' ');
      scalar(sb, v);
      sb.append('\n');
    }
  }

  private static void scalar(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Map<?, ?>) {
      sb.append("{}");
    } else if (v instanceof Collection<?>) {
      sb.append("[]");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      String s = v.toString();
      if (PLAIN.matcher(s).matches() && !RESERVED.matcher(s).matches() && !s.endsWith(" ")) {
        sb.append(s);
      } else {
        Json.string(sb, s);
      }
    }
  }
}
