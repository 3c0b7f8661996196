package dev.snapfork.benchmarks.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * N writer threads, each on its own connection, inserting single rows with autocommit as fast as
 * they can and recording when each write was issued and how long it took.
 */
final class WriteLoad implements AutoCloseable {
  /** One write: issued at {@code startNanos}, took {@code nanos}. */
  record Sample(long startNanos, long nanos) {}

  private final List<Thread> threads = new ArrayList<>();
  private final List<List<Sample>> samples = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private volatile Throwable failure;

  WriteLoad(int threadCount, Supplier<Connection> connections, String insertSql) {
    for (int i = 0; i < threadCount; i++) {
      List<Sample> mine = new ArrayList<>(1 << 16);
      samples.add(mine);
      Connection c = connections.get();
      Thread t = new Thread(() -> {
        try (c; PreparedStatement ps = c.prepareStatement(insertSql)) {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            ps.executeUpdate();
            mine.add(new Sample(t0, System.nanoTime() - t0));
          }
        } catch (SQLException | RuntimeException e) {
          failure = e;
        }
      }, "bench-writer-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Stops the writers and returns every sample. */
  List<Sample> stop() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(120_000);
    }
    if (failure != null) {
      throw new IllegalStateException("a writer failed: " + failure, failure);
    }
    List<Sample> all = new ArrayList<>();
    samples.forEach(all::addAll);
    return all;
  }

  @Override
  public void close() throws InterruptedException {
    if (!stop.get()) {
      stop();
    }
  }
}
