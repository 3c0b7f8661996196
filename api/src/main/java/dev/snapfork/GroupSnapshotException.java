package dev.snapfork;

import java.util.List;

/**
 * One cut of a group failed. The cuts already made were deleted (listed in
 * {@link #rolledBack()}; any that could not be deleted are named in the message). The cause is
 * the failing cut's error; {@link #retryable()} follows it.
 */
public class GroupSnapshotException extends SnapshotException {
  private static final long serialVersionUID = 1L;
  private final List<String> rolledBack;

  public GroupSnapshotException(String message, SnapshotException cause, List<String> rolledBack) {
    super(message, cause, cause.retryable());
    this.rolledBack = List.copyOf(rolledBack);
  }

  /** Ids of the snapshots that were cut and then deleted. */
  public List<String> rolledBack() {
    return rolledBack;
  }
}
