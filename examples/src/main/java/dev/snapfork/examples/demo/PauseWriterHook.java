package dev.snapfork.examples.demo;

import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/** The demo's consistency hook: holds the journal writer at a record boundary during the cut. */
final class PauseWriterHook implements ConsistencyHook {
  private final JournalWriter writer;

  PauseWriterHook(JournalWriter writer) {
    this.writer = writer;
  }

  @Override
  public String name() {
    return "pause-writer";
  }

  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    try {
      if (!writer.pause(context.timeout().toMillis())) {
        throw new ConsistencyException("journal writer did not reach a record boundary within " + context.timeout(), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsistencyException("interrupted while pausing the journal writer", e);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        writer.resume();
      }
    };
  }
}
