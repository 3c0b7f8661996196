package dev.snapfork.examples.cli;

/** The output formats of {@code -o}: a human table, JSON or YAML. */
public enum OutputFormat {
  table, json, yaml
}
