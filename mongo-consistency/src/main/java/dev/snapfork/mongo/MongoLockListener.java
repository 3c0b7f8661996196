package dev.snapfork.mongo;

/**
 * Receives {@link MongoLockEvent}s from the MongoDB hook: lock acquired, held time, unlock. Called
 * synchronously on the thread doing the lock work: keep it fast. An exception it throws is logged
 * and ignored.
 */
@FunctionalInterface
public interface MongoLockListener {
  /** A listener that does nothing. */
  MongoLockListener NONE = event -> {};

  /** Called for each lock event. */
  void onEvent(MongoLockEvent event);
}
