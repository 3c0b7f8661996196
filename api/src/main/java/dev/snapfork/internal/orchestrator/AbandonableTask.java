package dev.snapfork.internal.orchestrator;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A call run on another thread that the orchestrator may stop waiting for. If it is abandoned
 * (timeout, interrupt, a sibling's failure) and later produces a result anyway, that result is
 * handed to the undo action, so nothing it made (a quiesce, a snapshot) is left behind.
 */
final class AbandonableTask<T> implements Runnable {
  private final Callable<T> call;
  private final Consumer<T> undoLateResult;
  private final CountDownLatch done = new CountDownLatch(1);
  private Future<?> future;
  private T result;
  private Throwable error;
  private boolean abandoned;
  private boolean finished;

  private AbandonableTask(Callable<T> call, Consumer<T> undoLateResult) {
    this.call = call;
    this.undoLateResult = undoLateResult;
  }

  /** Starts {@code call} on {@code executor}. */
  static <T> AbandonableTask<T> start(ExecutorService executor, Callable<T> call, Consumer<T> undoLateResult) {
    AbandonableTask<T> task = new AbandonableTask<>(call, undoLateResult);
    Future<?> f = executor.submit(task);
    synchronized (task) {
      task.future = f;
    }
    return task;
  }

  @Override
  public void run() {
    T value = null;
    Throwable failure = null;
    try {
      value = call.call();
    } catch (Throwable t) {
      failure = t;
    }
    boolean undo;
    synchronized (this) {
      finished = true;
      undo = abandoned && value != null;
      if (!undo) {
        result = value;
        error = failure;
      }
    }
    done.countDown();
    if (undo) {
      undoLateResult.accept(value);
    }
  }

  /** Waits up to {@code nanos}; true when the call finished. */
  boolean await(long nanos) throws InterruptedException {
    return done.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Whether the call has finished (successfully or not). */
  synchronized boolean finished() {
    return finished;
  }

  /** The result; only after a successful finish. */
  synchronized T result() {
    return result;
  }

  /** The error, if the call threw. */
  synchronized Throwable error() {
    return error;
  }

  /**
   * Stops waiting for the call: interrupts it if still running; a result it produces later goes
   * to the undo action. Returns the result if it had already finished successfully (the caller
   * undoes that one), else null.
   */
  T abandon() {
    Future<?> f;
    synchronized (this) {
      if (finished) {
        T r = result;
        result = null;
        return r;
      }
      abandoned = true;
      f = future;
    }
    if (f != null) {
      f.cancel(true);
    }
    return null;
  }
}
