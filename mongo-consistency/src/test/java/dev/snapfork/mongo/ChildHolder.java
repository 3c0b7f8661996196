package dev.snapfork.mongo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM (same test class path) running {@link LockHolderChild}: it takes the fsync lock
 * against the test's server and writes its lock record. {@link #kill()} kills it as kill -9 would;
 * {@link #letGo()} lets it release and exit. Close it after the test (kills it if still running).
 */
final class ChildHolder implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path errFile;

  private ChildHolder(Process process, Path errFile) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.errFile = errFile;
  }

  /** Starts the child and waits (bounded) until it holds the lock. */
  static ChildHolder lock(String uri, Path ledger, String requestId, Path workDir) throws Exception {
    return lock(uri, ledger, requestId, workDir, false);
  }

  /** Like {@link #lock(String, Path, String, Path)}, joining an existing lock when {@code join}. */
  static ChildHolder lock(String uri, Path ledger, String requestId, Path workDir, boolean join) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = Files.createTempFile(workDir, "child", ".err");
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolderChild.class.getName(), uri,
        ledger.toString(), requestId, join ? "join" : "alone");
    pb.redirectError(err.toFile());
    ChildHolder child = new ChildHolder(pb.start(), err);
    String line = child.readLine();
    if (line == null || !line.startsWith("LOCKED ")) {
      child.close();
      throw new AssertionError("child did not lock: " + line + "; stderr: " + Files.readString(err));
    }
    return child;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the child at once (SIGKILL on Linux: no shutdown hooks, no release) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + pid() + " did not die");
    }
  }

  /** Closes the child's stdin: it releases its lock and exits; waits for that. */
  void letGo() throws Exception {
    process.getOutputStream().close();
    String line = readLine();
    if (!"RELEASED".equals(line) || !process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("child did not release cleanly: " + line + "; stderr: " + Files.readString(errFile));
    }
  }

  private String readLine() throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return "ChildHolder{pid " + pid() + ", java.class.path entries " + System.getProperty("java.class.path").split(File.pathSeparator).length + "}";
  }
}
