package dev.snapfork.mongo;

import java.util.List;

/**
 * What {@link MongoConsistencyHook#recover(boolean)} did.
 *
 * @param member the {@code host:port} that was checked
 * @param lockedBefore whether the server reported itself write-locked before recovery
 * @param unlocksIssued how many {@code fsyncUnlock} commands succeeded
 * @param remainingLockCount the lock count after the last unlock (0 means writes resumed); -1
 *     when no unlock was issued and the server does not report its count
 * @param snapforkLocks the Snapfork lock records found (request ids) and cleared
 * @param note what was (or was not) done and why
 */
public record RecoveryResult(String member, boolean lockedBefore, int unlocksIssued, int remainingLockCount,
    List<String> snapforkLocks, String note) {
  public RecoveryResult {
    snapforkLocks = List.copyOf(snapforkLocks);
  }
}
