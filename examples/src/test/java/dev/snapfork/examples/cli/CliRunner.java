package dev.snapfork.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with captured streams, an empty environment and the local provider rooted in a test directory. */
final class CliRunner {
  record Result(int code, String out, String err) {}

  private final Path root;
  private final Map<String, String> env;

  CliRunner(Path root) {
    this(root, Map.of());
  }

  CliRunner(Path root, Map<String, String> env) {
    this.root = root;
    this.env = env;
  }

  /** Runs with {@code -D snapfork.local.root=<root> -D snapfork.provider=local} prepended (the backends are on the class path too). */
  Result local(String... args) {
    List<String> all = new ArrayList<>(List.of("-D", "snapfork.local.root=" + root, "-D", "snapfork.provider=local"));
    all.addAll(List.of(args));
    return raw(all.toArray(String[]::new));
  }

  /** Runs exactly {@code args}. */
  Result raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SnapforkCli.run(args, new PrintWriter(out), new PrintWriter(err), env, Map.of(), false);
    return new Result(code, out.toString(), err.toString());
  }
}
