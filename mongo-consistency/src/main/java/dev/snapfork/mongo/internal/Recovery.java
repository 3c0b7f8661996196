package dev.snapfork.mongo.internal;

import com.mongodb.ConnectionString;
import dev.snapfork.SnapshotException;
import dev.snapfork.mongo.MongoHookSettings;
import dev.snapfork.mongo.RecoveryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Unlocks what Snapfork left locked on the configured member: as many {@code fsyncUnlock}s as
 * there are Snapfork lock records for it whose holder is gone (never more than the server holds),
 * or, when forced, until the lock count is 0. Without force it refuses to unlock a freeze a live
 * (or possibly live: another host, unknown start time) process holds, naming it.
 */
public final class Recovery {
  /** Safety cap on forced unlocks. */
  static final int MAX_FORCED_UNLOCKS = 10_000;

  private Recovery() {}

  /**
   * @throws dev.snapfork.ConsistencyException without {@code force}, when the server is locked and
   *     a lock record's holder is running (or cannot be checked): names it; the locks of holders
   *     that are gone are unlocked first
   * @throws SnapshotException translated driver errors
   */
  public static RecoveryResult run(MongoHookSettings settings, ConnectionString cs, LockLedger ledger, boolean force) {
    String member = MemberResolver.resolve(settings, cs);
    try (MongoSession session = MongoSession.direct(cs, member, settings.connectTimeout(), settings.releaseTimeout().plusSeconds(5))) {
      try {
        boolean mongos = Topology.fromHello(Locker.hello(session, settings.connectTimeout())).kind() == Topology.Kind.MONGOS;
        boolean lockedBefore = mongos || Locker.fsyncLocked(session);
        List<LockRecord> all = ledger.entries(member);
        List<LockRecord> live = all.stream().filter(r -> r.liveness() != LockHolder.Liveness.DEAD).toList();
        // Without force only the records of holders that are gone count; the others may still unlock.
        List<String> records = (force ? all : LockRecord.in(all, LockHolder.Liveness.DEAD)).stream().map(LockRecord::token).toList();
        int limit = force ? MAX_FORCED_UNLOCKS : records.size();
        int issued = 0;
        int remaining = -1;
        String stop = "";
        while (issued < limit && (lockedBefore || mongos)) {
          Document reply;
          try {
            reply = session.admin(new Document("fsyncUnlock", 1).append("comment", "snapfork recovery"));
          } catch (RuntimeException e) {
            if (MongoErrors.notLocked(e)) {
              remaining = 0;
              stop = "server reports it is not locked";
              break;
            }
            throw e;
          }
          issued++;
          Map<String, Integer> after = FsyncReplies.counts(reply, mongos, false);
          remaining = FsyncReplies.max(after);
          if (remaining == 0) {
            break;
          }
        }
        List<String> cleared = new ArrayList<>();
        for (int i = 0; i < records.size() && (force || i < issued || remaining == 0 || !lockedBefore); i++) {
          ledger.clear(member, records.get(i));
          cleared.add(records.get(i));
        }
        if (!force && lockedBefore && !live.isEmpty() && remaining != 0) {
          throw new dev.snapfork.ConsistencyException("not unlocking MongoDB " + member + ": its freeze is held right now by "
              + LockRecord.describeAll(live) + "; that process unlocks it itself when its cut is done (or stop it first)."
              + (issued == 0 ? "" : " Unlocked " + issued + " stale lock(s) of Snapfork processes that are gone (" + String.join(", ", cleared)
                  + "); lock count now " + (remaining < 0 ? "unknown" : remaining) + ".")
              + " To unlock anyway, whoever holds it: `snapfork mongo unlock --force` (MongoConsistencyHook.recover(true))", null);
        }
        String note;
        if (!lockedBefore) {
          note = "MongoDB " + member + " is not write-locked; nothing to unlock" + (cleared.isEmpty() ? "" : "; cleared stale Snapfork lock records")
              + (live.isEmpty() || force ? "" : "; kept the record(s) of running holder(s): " + LockRecord.describeAll(live));
        } else if (!force && records.isEmpty() && all.isEmpty()) {
          note = "MongoDB " + member + " is write-locked but no Snapfork lock record exists for it: not unlocking someone else's lock"
              + " (force to unlock all)";
        } else {
          note = "issued " + issued + " fsyncUnlock(s)" + (force ? " (forced)" : " for Snapfork's lock records") + "; lock count now "
              + (remaining < 0 ? "unknown" : remaining) + (stop.isEmpty() ? "" : " (" + stop + ")");
        }
        return new RecoveryResult(member, lockedBefore, issued, remaining, cleared, note);
      } catch (IllegalStateException e) {
        throw new dev.snapfork.BackendFailureException("recovery on MongoDB " + member + ": unexpected reply: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw MongoErrors.translate("recovery (fsyncUnlock)", member, e, settings.connectTimeout());
      }
    }
  }
}
