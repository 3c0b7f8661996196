package dev.snapfork.mongo.internal;

import dev.snapfork.mongo.MongoLockEvent;
import dev.snapfork.mongo.MongoLockListener;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits {@link MongoLockEvent}s to a listener, logging and ignoring whatever the listener throws. */
public final class LockEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LockEvents.class);
  private final MongoLockListener listener;

  public LockEvents(MongoLockListener listener) {
    this.listener = listener;
  }

  public void emit(MongoLockEvent.Type type, String requestId, String member, Integer lockCount, long startNanos, String detail) {
    emit(new MongoLockEvent(type, requestId, member, Optional.ofNullable(lockCount), Duration.ofNanos(System.nanoTime() - startNanos), detail));
  }

  public void emit(MongoLockEvent event) {
    LOG.debug("mongo hook: {} {} {}", event.type(), event.member(), event.detail());
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("mongo lock listener threw on {}; ignored", event.type(), e);
    }
  }
}
