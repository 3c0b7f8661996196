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

  TimedHook(ConsistencyHook delegate, List<Long> inWindow) {
    this.delegate = delegate;
    this.inWindow = inWindow;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    QuiesceHandle h = delegate.quiesce(context);
    long[] spent = new long[1];
    return new QuiesceHandle() {
      @Override
      public void release() {
        long t0 = System.nanoTime();
        try {
          h.release();
        } finally {
          spent[0] += System.nanoTime() - t0;
          inWindow.add(spent[0]);
        }
      }

      @Override
      public Optional<String> freezeLost() {
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
