package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a short external command (cp, sync) and reports failures as {@link IOException}. */
final class Commands {
  private Commands() {}

  /**
   * Runs {@code command}; returns normally on exit status 0.
   *
   * @throws IOException with the command's output when it cannot start or exits non-zero
   */
  static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int exit;
    try {
      exit = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while running " + String.join(" ", command));
    }
    if (exit != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + exit + (output.isEmpty() ? "" : ": " + output));
    }
  }

  /** Whether {@code command} runs and exits with status 0. */
  static boolean succeeds(List<String> command) {
    try {
      run(command);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
