package dev.snapfork.examples.pipeline.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs pipeline commands through the platform shell ({@code sh -c}, or {@code cmd /c} on Windows). */
public final class Shell {
  private Shell() {}

  /** A started command whose merged output is collected (last {@code tailLines}) and passed to a sink. */
  public static final class Running {
    private final Process process;
    private final Thread pump;
    private final Deque<String> tail = new ArrayDeque<>();

    private Running(Process process, int tailLines, Consumer<String> sink) {
      this.process = process;
      this.pump = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            synchronized (tail) {
              tail.addLast(line);
              if (tail.size() > tailLines) {
                tail.removeFirst();
              }
            }
            sink.accept(line);
          }
        } catch (IOException e) {
          // the process was stopped; the output ends here
        }
      }, "snapfork-pipeline-output");
      pump.setDaemon(true);
      pump.start();
    }

    public Process process() {
      return process;
    }

    /** Waits up to {@code millis}; true when the command exited. */
    public boolean waitFor(long millis) throws InterruptedException {
      boolean done = process.waitFor(millis, TimeUnit.MILLISECONDS);
      if (done) {
        pump.join(2000);
      }
      return done;
    }

    /** The last lines of output. */
    public List<String> tail() {
      synchronized (tail) {
        return new ArrayList<>(tail);
      }
    }

    /** Stops the command and its children: polite first, forcibly after {@code graceMillis}. */
    public void stop(long graceMillis) {
      if (!process.isAlive()) {
        return;
      }
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(graceMillis, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts {@code command} in {@code dir} with {@code env} added to the environment.
   *
   * @throws IOException when the shell cannot be started
   */
  public static Running start(String command, Path dir, Map<String, String> env, int tailLines, Consumer<String> sink)
      throws IOException {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    ProcessBuilder pb = windows ? new ProcessBuilder("cmd", "/c", command) : new ProcessBuilder("sh", "-c", command);
    pb.directory(dir.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullDevice(windows)));
    pb.environment().putAll(env);
    return new Running(pb.start(), tailLines, sink);
  }

  private static java.io.File nullDevice(boolean windows) {
    return new java.io.File(windows ? "NUL" : "/dev/null");
  }
}
