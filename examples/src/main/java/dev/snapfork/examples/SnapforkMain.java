package dev.snapfork.examples;

import dev.snapfork.SnapshotException;
import dev.snapfork.examples.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the {@code snapfork} command line. This first version runs the demo; the full
 * command set (providers, snapshot, clone, fork, cleanup, pipeline) comes with the CLI work.
 *
 * <p>Exit codes: 0 success, 1 a check or operation failed, 2 usage error.
 */
public final class SnapforkMain {
  private SnapforkMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command; returns the exit code. */
  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    if (!args[0].equals("demo")) {
      System.err.println("snapfork: unknown command '" + args[0] + "'\n" + usage());
      return 2;
    }
    Path root = null;
    boolean keep = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> {
          if (i + 1 >= args.length) {
            System.err.println("snapfork demo: --root needs a directory");
            return 2;
          }
          root = Path.of(args[++i]);
        }
        case "--keep" -> keep = true;
        default -> {
          System.err.println("snapfork demo: unknown option '" + args[i] + "'\n" + usage());
          return 2;
        }
      }
    }
    try {
      Path demoRoot = root != null ? root : Files.createTempDirectory("snapfork-demo-");
      boolean ok = new Demo(System.out, demoRoot, 400, 128).run();
      if (root == null && !keep) {
        Demo.deleteTree(demoRoot);
      }
      return ok ? 0 : 1;
    } catch (SnapshotException | IOException e) {
      System.err.println("snapfork demo: " + e.getMessage());
      return 1;
    }
  }

  private static String usage() {
    return """
        usage: snapfork demo [--root DIR] [--keep]
          demo   fork a live sample production volume into staging on the local provider,
                 verify it, tear it down, and print every phase with its timing
                 --root DIR  use DIR as the local provider's root (kept afterwards)
                 --keep      keep the temporary root for inspection""";
  }
}
