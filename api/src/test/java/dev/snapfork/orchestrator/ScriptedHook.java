package dev.snapfork.orchestrator;

import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted stand-in for a hook, for orchestrator unit tests only. */
final class ScriptedHook implements ConsistencyHook {
  enum Quiesce { OK, FAIL, HANG }

  private final String name;
  private final List<String> log;
  final AtomicInteger quiesced = new AtomicInteger();
  final AtomicInteger released = new AtomicInteger();
  final CountDownLatch hang = new CountDownLatch(1);
  volatile Quiesce quiesce = Quiesce.OK;
  volatile boolean failRelease;
  volatile String freezeLost;

  ScriptedHook(String name, List<String> log) {
    this.name = name;
    this.log = log;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    log.add("quiesce:" + name);
    switch (quiesce) {
      case FAIL -> throw new ConsistencyException(name + " refused to lock", null);
      case HANG -> {
        try {
          hang.await();
        } catch (InterruptedException e) {
          // Ignore the interrupt and finish anyway: the worst case, a quiesce that completes late.
        }
      }
      default -> { }
    }
    quiesced.incrementAndGet();
    log.add("quiesced:" + name);
    return new QuiesceHandle() {
      @Override
      public void release() {
        released.incrementAndGet();
        log.add("release:" + name);
        if (failRelease) {
          throw new ConsistencyException(name + " unlock failed; run db.fsyncUnlock()", null);
        }
      }

      @Override
      public Optional<String> freezeLost() {
        return Optional.ofNullable(freezeLost);
      }
    };
  }
}
