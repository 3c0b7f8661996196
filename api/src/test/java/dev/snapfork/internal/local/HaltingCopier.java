package dev.snapfork.internal.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A test copier: runs the real copy of the first {@code haltAt - 1} copies, and at copy number
 * {@code haltAt} copies the tree for real, announces it ({@link #halted}) and then stays in the
 * copy until interrupted, as a copy of a larger tree would. It then fails the way
 * {@link JavaTreeCopier} does when its thread is interrupted: interrupt status set,
 * {@link InterruptedIOException}. Run in a child JVM it also prints {@code halted} on stdout, so
 * the parent can kill it there.
 */
final class HaltingCopier implements TreeCopier {
  final CountDownLatch halted = new CountDownLatch(1);
  private final TreeCopier real;
  private final int haltAt;
  private int copies;

  HaltingCopier(TreeCopier real, int haltAt) {
    this.real = real;
    this.haltAt = haltAt;
  }

  @Override
  public String method() {
    return real.method();
  }

  @Override
  public synchronized long copy(Path source, Path target) throws IOException {
    long size = real.copy(source, target);
    if (++copies < haltAt) {
      return size;
    }
    halted.countDown();
    System.out.println("halted");
    System.out.flush();
    try {
      new CountDownLatch(1).await();
      throw new AssertionError("unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    }
  }
}
