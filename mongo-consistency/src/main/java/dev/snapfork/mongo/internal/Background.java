package dev.snapfork.mongo.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One daemon thread for the hook's work that must not sit inside the write freeze: closing
 * clients, removing lock records after their unlock, expiring idle clients. Started once, so no
 * thread is created while the member is locked (it is started when the first hook is created and
 * never times out; an idle parked daemon thread costs nothing).
 */
final class Background {
  private static final ScheduledExecutorService EXECUTOR = create();

  private Background() {}

  private static ScheduledExecutorService create() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "snapfork-mongo-background");
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    // The thread never times out: starting it again later would happen inside a freeze.
    e.prestartCoreThread();
    return e;
  }

  /** The executor; its thread is already running (call this before locking to have it so). */
  static ScheduledExecutorService executor() {
    return EXECUTOR;
  }
}
