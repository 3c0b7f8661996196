package dev.snapfork.examples.cli;

import dev.snapfork.examples.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapfork demo}: the core workflow end to end on the embedded local provider. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Fork a live sample production volume into staging on the local provider, verify it, tear it down, "
        + "and print every phase with its timing.")
final class DemoCommand extends BaseCommand {
  @Option(names = "--root", paramLabel = "DIR", description = "Use DIR as the local provider's root (kept afterwards).")
  Path root;
  @Option(names = "--keep", description = "Keep the temporary root for inspection.")
  boolean keep;

  @Override
  int run() throws Exception {
    Path demoRoot = root != null ? root : Files.createTempDirectory("snapfork-demo-");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok;
    try (PrintStream ps = new PrintStream(new LineForwarder(buffer, session.out()), true, StandardCharsets.UTF_8)) {
      ok = new Demo(ps, demoRoot, 400, 128).run();
    }
    if (root == null && !keep) {
      Demo.deleteTree(demoRoot);
    } else if (keep) {
      session.err().println("demo root kept at " + demoRoot);
    }
    return ok ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Forwards the demo's bytes to the session's writer as they come. */
  private static final class LineForwarder extends java.io.OutputStream {
    private final ByteArrayOutputStream pending;
    private final java.io.PrintWriter target;

    LineForwarder(ByteArrayOutputStream pending, java.io.PrintWriter target) {
      this.pending = pending;
      this.target = target;
    }

    @Override
    public void write(int b) {
      pending.write(b);
      if (b == '\n') {
        flush();
      }
    }

    @Override
    public void flush() {
      target.print(pending.toString(StandardCharsets.UTF_8));
      target.flush();
      pending.reset();
    }
  }
}
