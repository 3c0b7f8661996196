package dev.snapfork.internal.orchestrator;

import dev.snapfork.Phase;
import dev.snapfork.SnapshotEvent;
import dev.snapfork.SnapshotListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects one orchestration's events and forwards them to the listener, shielding it. */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final String requestId;
  private final SnapshotListener listener;
  private final List<SnapshotEvent> recorded = new ArrayList<>();

  Events(String requestId, SnapshotListener listener) {
    this.requestId = requestId;
    this.listener = listener;
  }

  void emit(Phase phase, String subject, long startNanos, Throwable failure) {
    emit(phase, subject, startNanos, failure, System.nanoTime());
  }

  void emit(Phase phase, String subject, long startNanos, Throwable failure, long endNanos) {
    SnapshotEvent e = new SnapshotEvent(requestId, phase, subject, Duration.ofNanos(endNanos - startNanos), Optional.ofNullable(failure));
    synchronized (recorded) {
      recorded.add(e);
    }
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      LOG.warn("snapshot listener threw on {}; ignored", e, ex);
    }
  }

  List<SnapshotEvent> all() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }
}
