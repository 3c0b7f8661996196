package dev.snapfork.mongo.internal;

import com.mongodb.ConnectionString;
import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.SnapshotException;
import dev.snapfork.mongo.MongoHookSettings;
import dev.snapfork.mongo.MongoLockEvent;
import dev.snapfork.mongo.UnsupportedTopologyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one fsync lock: connect directly to the member, find its topology, refuse a lock held by
 * someone else unless told to join, lock with a bounded acquisition timeout and check the count
 * went up. On any failure after the lock may have been taken, it is undone before the error.
 */
public final class Locker {
  private static final Logger LOG = LoggerFactory.getLogger(Locker.class);

  private final MongoHookSettings settings;
  private final ConnectionString cs;
  private final LockLedger ledger;
  private final LockEvents events;
  private final SessionCache sessions;

  public Locker(MongoHookSettings settings, ConnectionString cs, LockLedger ledger, LockEvents events, SessionCache sessions) {
    this.settings = settings;
    this.cs = cs;
    this.ledger = ledger;
    this.events = events;
    this.sessions = sessions;
  }

  /**
   * @throws ConsistencyException when the lock is held by someone else, or did not take
   * @throws UnsupportedTopologyException on a mongos without cluster-wide fsync locking
   * @throws SnapshotException translated driver errors (auth, unreachable, timeout)
   */
  public MongoLockHandle lock(QuiesceContext ctx) {
    Duration acquisition = min(settings.acquisitionTimeout(), ctx.timeout());
    String member = MemberResolver.resolve(settings, cs);
    Duration readTimeout = max(max(acquisition, settings.releaseTimeout()), settings.connectTimeout()).plusSeconds(5);
    MongoSession session = sessions.take(readTimeout);
    Document helloReply = null;
    if (session != null) {
      try {
        helloReply = hello(session, settings.connectTimeout());
      } catch (RuntimeException stale) {
        // The idle connection may have gone stale (server restarted, idle connection closed): start afresh.
        LOG.debug("idle session to {} failed hello; opening a new one", member, stale);
        SessionCache.closeLater(session);
        session = null;
      }
    }
    if (session == null) {
      session = MongoSession.direct(cs, member, settings.connectTimeout(), readTimeout);
    }
    String token = null;
    boolean lockSent = false;
    boolean preLocked = false;
    Topology topology = null;
    try {
      topology = Topology.fromHello(helloReply != null ? helloReply : hello(session, settings.connectTimeout()));
      boolean mongos = topology.kind() == Topology.Kind.MONGOS;
      if (mongos) {
        String version = run(session, new Document("buildInfo", 1), "buildInfo", settings.connectTimeout()).getString("version");
        topology = topology.withVersion(version);
        if (!Topology.clusterWideFsync(version)) {
          throw new UnsupportedTopologyException("MongoDB " + member + " is a mongos of version " + version
              + ", which cannot fsync-lock the whole cluster (needs 7.1+, 7.0.2+, 6.0.11+, 5.0.22+ or 4.4.25+): stop the balancer"
              + " and lock each shard's member and the config server with one hook each, or upgrade", version);
        }
      } else {
        preLocked = fsyncLocked(session);
        if (preLocked) {
          refuseHeldLock(member);
        }
      }
      token = ledger.record(member, ctx.requestId());
      long t0 = System.nanoTime();
      Document cmd = new Document("fsync", 1).append("lock", true)
          .append("fsyncLockAcquisitionTimeoutMillis", acquisition.toMillis())
          .append("comment", "snapfork " + ctx.requestId());
      lockSent = true;
      Document reply = run(session, cmd, "fsync lock", acquisition);
      Map<String, Integer> counts = FsyncReplies.counts(reply, mongos, true);
      int lowest = FsyncReplies.min(counts);
      if (lowest < 1) {
        throw new ConsistencyException("fsync lock on MongoDB " + member + " did not take: lock count " + counts + " after the lock", null);
      }
      if (!preLocked && FsyncReplies.max(counts) > 1 && !settings.joinExistingLock()) {
        // Someone else locked at the same time (mongos: already locked before us): undo ours.
        List<LockRecord> stale = LockRecord.in(ledger.entries(member), LockHolder.Liveness.DEAD);
        throw new ConsistencyException("MongoDB " + member + " was write-locked by someone else too (lock count " + counts
            + " after our lock); refusing to share the lock (set join-existing-lock=true to allow); our lock was undone"
            + (stale.isEmpty() ? "" : ". Snapfork's own lock records name a holder that is gone: " + LockRecord.describeAll(stale)
                + "; that stale lock is Snapfork's, release it with `snapfork mongo unlock` (MongoConsistencyHook.recover(false))"), null);
      }
      events.emit(MongoLockEvent.Type.ACQUIRED, ctx.requestId(), member, lowest, t0, topology.kind().name().toLowerCase(java.util.Locale.ROOT));
      return new MongoLockHandle(settings, session, sessions, member, topology, ctx.requestId(), token, counts, preLocked, ledger, events);
    } catch (RuntimeException e) {
      undo(session, member, lockSent, preLocked, topology, ctx.requestId(), token, e);
      session.close();
      if (e instanceof SnapshotException se) {
        throw se;
      }
      if (e instanceof IllegalStateException) {
        throw new ConsistencyException("fsync lock on MongoDB " + member + ": unexpected reply: " + e.getMessage(), e);
      }
      throw MongoErrors.translate("fsync lock", member, e, acquisition);
    }
  }

  /**
   * The member is already fsync-locked: refuses unless the lock may be shared. A lock that one of
   * Snapfork's own records names, whose holder is gone, is a stale lock nobody will ever unlock:
   * refused whatever {@code join-existing-lock} says (joining it would leave the server locked
   * after our release), with the way back. A lock held by a live (or possibly live) Snapfork
   * process, or by someone else, is refused unless {@code join-existing-lock}.
   */
  private void refuseHeldLock(String member) {
    List<LockRecord> records = ledger.entries(member);
    List<LockRecord> dead = LockRecord.in(records, LockHolder.Liveness.DEAD);
    if (!dead.isEmpty()) {
      throw new ConsistencyException("MongoDB " + member + " is write-locked by a stale Snapfork lock, not by someone else: Snapfork's own"
          + " lock record names it (" + LockRecord.describeAll(dead) + "), so a Snapfork process was killed while holding the lock and"
          + " nobody will unlock it. Release it with `snapfork mongo unlock` (MongoConsistencyHook.recover(false)) and retry;"
          + " join-existing-lock would not help (the server would stay locked after our release); nothing was locked", null);
    }
    if (settings.joinExistingLock()) {
      return;
    }
    if (!records.isEmpty()) {
      throw new ConsistencyException("MongoDB " + member + " is already write-locked, by another Snapfork lock (" + LockRecord.describeAll(records)
          + "); refusing to lock (it unlocks when its cut is done; set join-existing-lock=true to take an extra lock of our own);"
          + " nothing was locked", null);
    }
    throw new ConsistencyException("MongoDB " + member + " is already write-locked by someone else (currentOp reports fsyncLock: true"
        + " and no Snapfork lock record names it); refusing to lock (set join-existing-lock=true to take an extra lock of our own);"
        + " nothing was locked", null);
  }

  /** Leaves the server as it was when locking failed part-way. */
  private void undo(MongoSession session, String member, boolean lockSent, boolean preLocked, Topology topology, String requestId,
      String token, RuntimeException failure) {
    if (!lockSent) {
      if (token != null) {
        ledger.clear(member, token);
      }
      return;
    }
    boolean mongos = topology != null && topology.kind() == Topology.Kind.MONGOS;
    try {
      // The lock may have taken even when its reply was lost; on a mongod we can tell.
      if (!mongos && !preLocked && !fsyncLocked(session)) {
        ledger.clear(member, token);
        return;
      }
      if (!mongos && preLocked && !(failure instanceof ConsistencyException)) {
        LOG.warn("request {}: fsync lock on {} failed while someone else also held a lock; cannot tell whether ours took, not unlocking."
            + " Check with recover()", requestId, member);
        ledger.abandon(ledger.file(member, token));
        return;
      }
      session.admin(new Document("fsyncUnlock", 1));
      ledger.clear(member, token);
      events.emit(MongoLockEvent.Type.UNLOCKED, requestId, member, null, System.nanoTime(), "undone after a failed quiesce");
    } catch (RuntimeException e) {
      if (MongoErrors.notLocked(e)) {
        ledger.clear(member, token);
        return;
      }
      ledger.abandon(ledger.file(member, token));
      failure.addSuppressed(new ConsistencyException("could not undo the fsync lock on MongoDB " + member
          + "; it may still be WRITE-LOCKED: run db.fsyncUnlock() on it, or MongoConsistencyHook.recover(false)", null));
      LOG.error("request {}: could not undo the fsync lock on {}; it may still be write-locked", requestId, member);
    }
  }

  /** Whether a mongod reports itself fsync-locked ({@code currentOp} {@code fsyncLock: true}). */
  static boolean fsyncLocked(MongoSession session) {
    Document r = session.admin(new Document("currentOp", 1).append("$ownOps", true));
    return Boolean.TRUE.equals(r.getBoolean("fsyncLock"));
  }

  /** {@link #fsyncLocked(MongoSession)} taking at most {@code bound} in all (reconnecting included). */
  static boolean fsyncLocked(MongoSession session, Duration bound) {
    Document r = session.admin(new Document("currentOp", 1).append("$ownOps", true), bound);
    return Boolean.TRUE.equals(r.getBoolean("fsyncLock"));
  }

  /** {@code hello}, or {@code isMaster} on servers older than 4.4.2 that do not know it. */
  static Document hello(MongoSession session, Duration bound) {
    try {
      return session.admin(new Document("hello", 1));
    } catch (com.mongodb.MongoCommandException e) {
      if (e.getErrorCode() == 59) {
        return run(session, new Document("isMaster", 1), "isMaster", bound);
      }
      throw MongoErrors.translate("hello", session.member(), e, bound);
    } catch (RuntimeException e) {
      throw MongoErrors.translate("hello", session.member(), e, bound);
    }
  }

  private static Document run(MongoSession session, Document cmd, String action, Duration bound) {
    try {
      return session.admin(cmd);
    } catch (RuntimeException e) {
      throw MongoErrors.translate(action, session.member(), e, bound);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
