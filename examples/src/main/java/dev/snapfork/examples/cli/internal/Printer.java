package dev.snapfork.examples.cli.internal;

import dev.snapfork.examples.cli.OutputFormat;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Prints command results in the chosen format. Rows are ordered maps; a table shows the given
 * columns (nested values flattened to {@code k=v,...}), JSON and YAML show every field.
 */
public final class Printer {
  private final PrintWriter out;
  private final OutputFormat format;
  private final Redactor redactor;

  public Printer(PrintWriter out, OutputFormat format, Redactor redactor) {
    this.out = out;
    this.format = format;
    this.redactor = redactor;
  }

  public OutputFormat format() {
    return format;
  }

  /** A list of objects: a table with {@code columns}, or a JSON/YAML array. */
  public void list(List<? extends Map<String, ?>> rows, List<String> columns) {
    switch (format) {
      case json -> emit(Json.write(rows));
      case yaml -> emit(rows.isEmpty() ? "[]" : Yaml.write(rows).stripTrailing());
      default -> emit(table(rows, columns));
    }
  }

  /** One object: {@code key: value} lines, or a JSON/YAML object. */
  public void one(Map<String, ?> row) {
    switch (format) {
      case json -> emit(Json.write(row));
      case yaml -> emit(Yaml.write(row).stripTrailing());
      default -> {
        int w = row.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        row.forEach((k, v) -> sb.append(String.format("%-" + (w + 1) + "s %s%n", k + ":", cell(v))));
        emit(sb.toString().stripTrailing());
      }
    }
  }

  private void emit(String text) {
    out.println(redactor.redact(text));
    out.flush();
  }

  static String table(List<? extends Map<String, ?>> rows, List<String> columns) {
    int[] w = new int[columns.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = columns.get(i).length();
      for (Map<String, ?> r : rows) {
        w[i] = Math.max(w[i], cell(r.get(columns.get(i))).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList(), w);
    for (Map<String, ?> r : rows) {
      line(sb, columns.stream().map(c -> cell(r.get(c))).toList(), w);
    }
    return sb.toString().stripTrailing();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      l.append(String.format("%-" + w[i] + "s", cells.get(i)));
      if (i < cells.size() - 1) {
        l.append("  ");
      }
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  static String cell(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Map<?, ?> m) {
      return m.isEmpty() ? "-" : String.join(",", m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    if (v instanceof Collection<?> c) {
      return c.isEmpty() ? "-" : String.join(",", c.stream().map(String::valueOf).toList());
    }
    return v.toString();
  }
}
