package dev.snapfork;

import java.util.List;

/**
 * A hook failed to release after a successful cut: the application may still be quiesced (the
 * message says how to recover). The snapshots were cut while the application was quiesced and
 * are kept; they are available from {@link #snapshots()}.
 */
public class ReleaseFailedException extends ConsistencyException {
  private static final long serialVersionUID = 1L;
  private final transient List<Snapshot> snapshots;

  public ReleaseFailedException(String message, Throwable cause, List<Snapshot> snapshots) {
    super(message, cause);
    this.snapshots = List.copyOf(snapshots);
  }

  /** The snapshots that were cut (and kept). */
  public List<Snapshot> snapshots() {
    return snapshots;
  }
}
