package dev.snapfork.examples.cli.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows that a long wait is still going, on the error stream so standard output stays parseable:
 * on a terminal a bar redrawn in place (the share of the timeout used), otherwise one line per
 * interval. Quiet waits shorter than one interval print nothing.
 */
public final class Progress {
  private final PrintWriter err;
  private final boolean terminal;
  private final Duration interval;

  public Progress(PrintWriter err, boolean terminal, Duration interval) {
    this.err = err;
    this.terminal = terminal;
    this.interval = interval;
  }

  /** Runs {@code work} in this thread while reporting progress of {@code what} against {@code timeout}. */
  public <T> T during(String what, Duration timeout, Supplier<T> work) {
    long start = System.nanoTime();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "snapfork-progress");
      t.setDaemon(true);
      return t;
    });
    boolean[] drew = {false};
    long period = Math.max(1, terminal ? Math.min(interval.toMillis(), 250) : interval.toMillis());
    ticker.scheduleAtFixedRate(() -> {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      synchronized (err) {
        if (terminal) {
          err.print("\r" + bar(what, elapsed, timeout));
          drew[0] = true;
        } else {
          err.println(line(what, elapsed, timeout));
        }
        err.flush();
      }
    }, period, period, TimeUnit.MILLISECONDS);
    try {
      return work.get();
    } finally {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (err) {
        if (drew[0]) {
          err.print("\r" + " ".repeat(72) + "\r");
          err.flush();
        }
      }
    }
  }

  /** The bar drawn on a terminal, e.g. {@code waiting for snap-1 [####......] 12s / 30m}. */
  static String bar(String what, Duration elapsed, Duration timeout) {
    int width = 20;
    double share = timeout.isZero() ? 0 : Math.min(1.0, (double) elapsed.toMillis() / timeout.toMillis());
    int filled = (int) Math.round(share * width);
    return what + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + Durations.format(elapsed)
        + " / " + Durations.format(timeout);
  }

  /** The periodic line printed when the error stream is not a terminal. */
  static String line(String what, Duration elapsed, Duration timeout) {
    return what + ": still waiting, " + Durations.format(elapsed) + " elapsed (timeout " + Durations.format(timeout) + ")";
  }
}
