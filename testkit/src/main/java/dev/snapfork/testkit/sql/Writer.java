package dev.snapfork.testkit.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client inserting rows 1, 2, 3, ... with autocommit, recording when each insert was issued
 * and when its commit returned, so a test can say which rows must and must not be in a snapshot. Shared by the SQL hooks' tests.
 */
public final class Writer implements AutoCloseable {
  private final Map<Integer, long[]> times = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger committed = new AtomicInteger();
  private final Thread thread;
  private volatile Throwable failure;

  /** Starts writing with {@code insertSql} (one int parameter: the row id) on {@code c}, which it closes. */
  public Writer(Connection c, String insertSql) {
    thread = new Thread(() -> {
      try (c; PreparedStatement ps = c.prepareStatement(insertSql)) {
        for (int id = 1; !stop.get(); id++) {
          long issued = System.nanoTime();
          ps.setInt(1, id);
          ps.executeUpdate();
          times.put(id, new long[] {issued, System.nanoTime()});
          committed.set(id);
        }
      } catch (SQLException | RuntimeException e) {
        failure = e;
      }
    }, "writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** The highest row id whose commit returned. */
  public int committed() {
    return committed.get();
  }

  /** Waits until {@code n} rows are committed; {@link AssertionError} if the writer failed. */
  public void awaitCommitted(int n) throws InterruptedException {
    while (committed.get() < n) {
      if (failure != null) {
        throw new AssertionError("writer failed", failure);
      }
      Thread.sleep(5);
    }
  }

  /** When row {@code id} was issued ([0]) and committed ([1]), in nanoTime. */
  public long[] times(int id) {
    return times.get(id);
  }

  /** Stops the writer; {@link AssertionError} if it failed. */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(30_000);
    if (failure != null) {
      throw new AssertionError("writer failed", failure);
    }
  }
}
