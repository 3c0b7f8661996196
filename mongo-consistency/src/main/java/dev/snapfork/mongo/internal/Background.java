package dev.snapfork.mongo.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the hook's work that must not sit inside the write freeze: closing
 * clients, removing lock records after their unlock, expiring idle clients. Started once, so no
 * thread is created while the member is locked.
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
    e.setKeepAliveTime(30, TimeUnit.SECONDS);
    e.allowCoreThreadTimeOut(true);
    e.prestartCoreThread();
    return e;
  }

  static ScheduledExecutorService executor() {
    return EXECUTOR;
  }
}
