package dev.snapfork.mongo.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.mongo.MongoHookSettings;
import dev.snapfork.mongo.MongoLockEvent;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fsync lock we took. {@link #release()} sends exactly one successful {@code fsyncUnlock}
 * for it, reconnecting and retrying with backoff until the release deadline; it never sends a
 * second one for the same lock. {@link #freezeLost()} tells whether the server is still locked.
 */
public final class MongoLockHandle implements QuiesceHandle {
  private static final Logger LOG = LoggerFactory.getLogger(MongoLockHandle.class);

  private final MongoHookSettings settings;
  private final MongoSession session;
  private final SessionCache sessions;
  private final int closedAtLock;
  private final java.nio.file.Path recordFile;
  private final String member;
  private final Topology topology;
  private final String requestId;
  private final String token;
  private final Map<String, Integer> lockedCounts;
  private final boolean joined;
  private final LockLedger ledger;
  private final LockEvents events;
  private final long lockedAt = System.nanoTime();
  private boolean released;
  private volatile Map<String, String> releaseMetadata = Map.of();

  MongoLockHandle(MongoHookSettings settings, MongoSession session, SessionCache sessions, String member, Topology topology, String requestId, String token,
      Map<String, Integer> lockedCounts, boolean joined, LockLedger ledger, LockEvents events) {
    this.settings = settings;
    this.session = session;
    this.sessions = sessions;
    this.closedAtLock = session.connectionsClosed();
    this.member = member;
    this.topology = topology;
    this.requestId = requestId;
    this.token = token;
    this.lockedCounts = Map.copyOf(lockedCounts);
    this.joined = joined;
    this.ledger = ledger;
    this.recordFile = ledger.file(member, token);
    this.events = events;
  }

  private boolean mongos() {
    return topology.kind() == Topology.Kind.MONGOS;
  }

  /**
   * On a mongod: asks {@code currentOp} whether the server is still fsync-locked (the lock
   * outlives a dropped connection; a fresh connection is opened when the old one dropped), all
   * within {@link MongoHookSettings#freezeCheckTimeout()}: when that runs out the lock cannot be
   * confirmed and the freeze is reported lost. On a mongos (which does not report the lock): lost
   * when the lock connection dropped.
   */
  @Override
  public synchronized Optional<String> freezeLost() {
    if (released) {
      return Optional.of("the lock was already released");
    }
    int closedBefore = session.connectionsClosed();
    if (mongos()) {
      if (closedBefore > closedAtLock) {
        events.emit(MongoLockEvent.Type.CONNECTION_LOST, requestId, member, null, lockedAt, "mongos does not report the lock");
        return Optional.of("the lock connection to mongos " + member + " dropped and a mongos cannot confirm the cluster is still locked");
      }
      return Optional.empty();
    }
    RuntimeException last = null;
    long deadline = System.nanoTime() + settings.freezeCheckTimeout().toNanos();
    for (int attempt = 0; attempt < 2; attempt++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        boolean locked = Locker.fsyncLocked(session, Duration.ofNanos(left));
        if (session.connectionsClosed() > closedBefore || attempt > 0) {
          events.emit(MongoLockEvent.Type.CONNECTION_LOST, requestId, member, null, lockedAt,
              locked ? "reconnected; server still locked" : "reconnected; server NOT locked");
        }
        return locked ? Optional.empty() : Optional.of("MongoDB " + member + " is no longer write-locked (someone unlocked it)");
      } catch (RuntimeException e) {
        last = e;
      }
    }
    events.emit(MongoLockEvent.Type.CONNECTION_LOST, requestId, member, null, lockedAt, "cannot confirm the lock");
    return Optional.of("lost the lock connection to MongoDB " + member + " and could not confirm it is still write-locked within"
        + " freeze-check-timeout " + settings.freezeCheckTimeout()
        + (last == null ? "" : ": " + MongoErrors.translate("currentOp", member, last, settings.freezeCheckTimeout()).getMessage()));
  }

  @Override
  public Map<String, String> snapshotLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("snapfork.dev/mongo-member", member.replace(':', '_'));
    labels.put("snapfork.dev/mongo-topology", topology.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    return labels;
  }

  /** How long our lock was held and the server's lock count after our unlock (once released). */
  @Override
  public Map<String, String> releaseMetadata() {
    return releaseMetadata;
  }

  /**
   * Unlocks, taking at most {@link MongoHookSettings#releaseTimeout()} in all: every attempt
   * (finding the server again, connecting, the command and its reply) is bounded by what is left
   * of it.
   *
   * @throws ConsistencyException when the unlock did not succeed before the release deadline
   *     (the message says the server may still be locked and how to unlock it); or when it did
   *     but the server is still write-locked by another lock (count above 0 after our unlock:
   *     writes did not resume), naming Snapfork's stale lock and the way back when a lock record
   *     of a process that is gone holds it
   */
  @Override
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    long deadline = System.nanoTime() + settings.releaseTimeout().toNanos();
    Backoff backoff = new Backoff(settings.retryDelay(), max(settings.retryDelay(), Duration.ofSeconds(2)), 2.0, 0.5);
    int attempt = 0;
    boolean unlocked = false;
    boolean ambiguous = false;
    RuntimeException last = null;
    try {
      while (true) {
        long t0 = System.nanoTime();
        try {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw failure(attempt, last);
          }
          Duration bound = Duration.ofNanos(left);
          if (ambiguous && !mongos() && !joined && !Locker.fsyncLocked(session, bound)) {
            // The reply of an earlier unlock was lost but it took: the server is unlocked.
            unlocked = true;
            done(null, "an earlier unlock took (its reply was lost)", t0);
            return;
          }
          if (ambiguous && (mongos() || joined)) {
            throw new ConsistencyException("the reply of fsyncUnlock on MongoDB " + member + " was lost and, with another lock holder"
                + (mongos() ? " or on a mongos" : "") + ", Snapfork cannot tell whether it took; not unlocking twice. "
                + stillLockedAdvice(), last);
          }
          Document reply = session.admin(new Document("fsyncUnlock", 1).append("comment", "snapfork " + requestId), bound);
          unlocked = true;
          Map<String, Integer> after;
          try {
            after = FsyncReplies.counts(reply, mongos(), false);
          } catch (IllegalStateException shape) {
            done(null, "unlocked; reply had an unexpected shape: " + shape.getMessage(), t0);
            return;
          }
          done(after, "", t0);
          if (FsyncReplies.max(after) > 0) {
            throw stillLockedByOthers(after);
          }
          return;
        } catch (ConsistencyException e) {
          throw e;
        } catch (RuntimeException e) {
          if (unlocked) {
            // The unlock went through; what failed is bookkeeping after it. Never unlock again.
            LOG.warn("request {}: MongoDB {} was unlocked, but recording it failed", requestId, member, e);
            return;
          }
          if (MongoErrors.notLocked(e)) {
            unlocked = true;
            events.emit(MongoLockEvent.Type.UNLOCK_FAILED, requestId, member, 0, t0, "server was not locked: someone else unlocked it");
            done(null, "someone else had unlocked it", t0);
            return;
          }
          last = e;
          ambiguous = ambiguous || MongoErrors.replyLost(e);
          events.emit(MongoLockEvent.Type.UNLOCK_FAILED, requestId, member, null, t0, "attempt " + (attempt + 1) + ": " + e.getClass().getSimpleName());
          if (!MongoErrors.retryable(e)) {
            throw failure(attempt + 1, e);
          }
          Duration delay = backoff.delay(attempt++);
          if (System.nanoTime() + delay.toNanos() >= deadline) {
            throw failure(attempt, e);
          }
          Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsistencyException("interrupted while unlocking MongoDB " + member + ". " + stillLockedAdvice(), e);
    } finally {
      // Nothing here may wait inside the freeze: the client is kept for the next quiesce when the
      // unlock went through, else closed on the background thread.
      if (unlocked) {
        sessions.park(session);
      } else {
        ledger.abandon(recordFile); // given up: recovery may unlock it while this process runs
        SessionCache.closeLater(session);
      }
    }
  }

  private void done(Map<String, Integer> after, String note, long unlockStart) {
    ledger.clearLater(recordFile);
    Integer count = after == null ? null : FsyncReplies.min(after);
    String detail = note;
    if (after != null) {
      for (Map.Entry<String, Integer> e : after.entrySet()) {
        Integer before = lockedCounts.get(e.getKey());
        if (before != null && e.getValue() >= before) {
          detail = "lock count did not go down on " + (e.getKey().isEmpty() ? member : e.getKey()) + " (" + before + " -> " + e.getValue()
              + "): someone else locked meanwhile";
          LOG.warn("request {}: {}", requestId, detail);
        }
      }
    }
    long heldNanos = System.nanoTime() - lockedAt;
    events.emit(MongoLockEvent.Type.HELD, requestId, member, count, lockedAt, "");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("snapfork.dev/mongo-lock-held-ms", millis3(heldNanos));
    if (count != null) {
      meta.put("snapfork.dev/mongo-lock-count-after", String.valueOf(count));
    }
    releaseMetadata = Map.copyOf(meta);
    events.emit(MongoLockEvent.Type.UNLOCKED, requestId, member, count, unlockStart, detail);
  }

  /** {@code nanos} as milliseconds with three decimals ("12.345"), without a Formatter (this runs inside the freeze). */
  static String millis3(long nanos) {
    long micros = Math.max(0, (nanos + 500) / 1000);
    long frac = micros % 1000;
    return (micros / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
  }

  private ConsistencyException failure(int attempts, RuntimeException last) {
    String cause = last == null ? "none" : MongoErrors.translate("fsyncUnlock", member, last, settings.releaseTimeout()).getMessage();
    return new ConsistencyException("MongoDB " + member + " may still be WRITE-LOCKED: fsyncUnlock failed " + attempts + " time(s) within release-timeout "
        + settings.releaseTimeout() + " (last error: " + cause + "). Release gave up when release-timeout ran out (it bounds every attempt"
        + " too), so the freeze after the cut lasted at most freeze-check-timeout " + settings.freezeCheckTimeout() + " + release-timeout "
        + settings.releaseTimeout() + ". " + stillLockedAdvice(), null);
  }

  /**
   * Our unlock went through but the server's count is still above 0: writes have not resumed. Says
   * who else holds it, as far as Snapfork's lock records tell (ours is no longer listed).
   */
  private ConsistencyException stillLockedByOthers(Map<String, Integer> after) {
    java.util.List<LockRecord> others;
    try {
      others = ledger.entries(member);
    } catch (RuntimeException e) {
      others = java.util.List.of();
    }
    java.util.List<LockRecord> dead = LockRecord.in(others, LockHolder.Liveness.DEAD);
    String who;
    if (!dead.isEmpty()) {
      who = "Snapfork's own lock record(s) name holder(s) that are gone (" + LockRecord.describeAll(dead) + "): a stale Snapfork lock"
          + " nobody will unlock. Release it with `snapfork mongo unlock` (MongoConsistencyHook.recover(false))";
    } else if (!others.isEmpty()) {
      who = "other Snapfork lock(s) hold it (" + LockRecord.describeAll(others) + "); writes resume when they are released";
    } else {
      who = "the other lock is not Snapfork's (no Snapfork lock record names it): whoever took it must unlock it (db.fsyncUnlock()),"
          + " or `snapfork mongo unlock --force` (MongoConsistencyHook.recover(true)) unlocks every lock";
    }
    return new ConsistencyException("our fsyncUnlock on MongoDB " + member + " went through, but the server is still WRITE-LOCKED: lock count "
        + (after.size() == 1 && after.containsKey("") ? after.get("") : after) + " after it, so writes have not resumed; " + who, null);
  }

  private String stillLockedAdvice() {
    return "To unlock it run: mongosh --host " + member + " --eval 'db.fsyncUnlock()' (once for this lock; repeat while lockCount > 0"
        + " only if no one else holds a lock), or call MongoConsistencyHook.recover(false) / `snapfork mongo unlock`";
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return "MongoLockHandle{" + member + ", request " + requestId + ", released=" + released + "}";
  }
}
