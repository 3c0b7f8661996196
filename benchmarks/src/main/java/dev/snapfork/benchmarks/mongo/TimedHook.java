package dev.snapfork.benchmarks.mongo;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps a hook to time what its handle does inside the freeze window: the {@code freezeLost()}
 * check after the cut and {@code release()}. The rest of (window - cut) is the orchestrator's.
 */
final class TimedHook implements ConsistencyHook {
  private final ConsistencyHook delegate;
  private final List<Long> inWindow;
  private final java.util.function.LongSupplier commandsSent;
  private final List<Long> commandsInWindow;

  /**
   * @param commandsSent how many commands the hook's client has sent so far (read at the server)
   * @param commandsInWindow receives, per release, how many it sent from the freezeLost check to
   *     the end of release
   */
  TimedHook(ConsistencyHook delegate, List<Long> inWindow, java.util.function.LongSupplier commandsSent, List<Long> commandsInWindow) {
    this.delegate = delegate;
    this.inWindow = inWindow;
    this.commandsSent = commandsSent;
    this.commandsInWindow = commandsInWindow;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    QuiesceHandle h = delegate.quiesce(context);
    long[] spent = new long[1];
    long[] sentBefore = {-1};
    return new QuiesceHandle() {
      @Override
      public void release() {
        if (sentBefore[0] < 0) {
          sentBefore[0] = commandsSent.getAsLong();
        }
        long t0 = System.nanoTime();
        try {
          h.release();
        } finally {
          spent[0] += System.nanoTime() - t0;
          inWindow.add(spent[0]);
          commandsInWindow.add(commandsSent.getAsLong() - sentBefore[0]);
        }
      }

      @Override
      public Optional<String> freezeLost() {
        sentBefore[0] = commandsSent.getAsLong();
        long t0 = System.nanoTime();
        try {
          return h.freezeLost();
        } finally {
          spent[0] += System.nanoTime() - t0;
        }
      }

      @Override
      public Map<String, String> snapshotLabels() {
        return h.snapshotLabels();
      }

      @Override
      public Map<String, String> releaseMetadata() {
        return h.releaseMetadata();
      }
    };
  }
}
