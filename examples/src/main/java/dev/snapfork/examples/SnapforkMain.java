package dev.snapfork.examples;

import dev.snapfork.examples.cli.ExitCodes;
import dev.snapfork.examples.cli.SnapforkCli;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of the {@code snapfork} command line ({@code ./snapfork} at the repository root);
 * see {@link SnapforkCli} for the commands and {@link ExitCodes} for the exit codes.
 *
 * <p>On Ctrl-C (SIGINT) or SIGTERM a shutdown hook interrupts the running command and waits up to
 * {@value #INTERRUPT_GRACE_SECONDS} seconds for it to finish its cleanup: hooks are released and a
 * pipeline tears down what it created before the process exits.
 */
public final class SnapforkMain {
  static final int INTERRUPT_GRACE_SECONDS = 60;

  private SnapforkMain() {}

  public static void main(String[] args) {
    Thread command = Thread.currentThread();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean shuttingDown = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shuttingDown.set(true);
      if (!finished.get()) {
        command.interrupt();
        try {
          command.join(INTERRUPT_GRACE_SECONDS * 1000L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "snapfork-interrupt"));
    int code = run(args);
    finished.set(true);
    if (!shuttingDown.get()) {
      // during a shutdown (signal) System.exit would block; returning lets the JVM finish with the signal's status
      System.exit(code);
    }
  }

  /** Runs a command with the real streams, environment and system properties; returns the exit code. */
  static int run(String[] args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
    Map<String, String> props = new TreeMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return SnapforkCli.run(args, out, err, System.getenv(), props, System.console() != null);
  }
}
