package dev.snapfork;

/**
 * Receives the timing of each phase of an orchestrated snapshot or fork. Called synchronously
 * from the orchestrating threads (the watchdog's included): keep it fast and non-blocking. An
 * exception thrown by a listener is logged and ignored; it never changes the outcome.
 */
@FunctionalInterface
public interface SnapshotListener {
  /** A listener that does nothing. */
  SnapshotListener NONE = event -> {};

  /** Called when a phase finishes (successfully or not). */
  void onEvent(SnapshotEvent event);
}
