package dev.snapfork.mongo;

import com.mongodb.ConnectionString;
import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotException;
import dev.snapfork.mongo.internal.LockEvents;
import dev.snapfork.mongo.internal.LockLedger;
import dev.snapfork.mongo.internal.Locker;
import dev.snapfork.mongo.internal.Recovery;
import dev.snapfork.mongo.internal.SessionCache;
import dev.snapfork.mongo.internal.SettingsRules;

/**
 * The {@code mongo} consistency hook: write-locks one MongoDB member with
 * {@code fsync {lock: true}} before the cut and unlocks it with {@code fsyncUnlock} right after.
 *
 * <ul>
 *   <li>Uses its own client with one direct connection to the member (never the application's
 *       pool) and only sends admin commands through it, never writes.
 *   <li>Standalone and replica-set member: refuses when the member is already locked by someone
 *       else (unless {@link MongoHookSettings#joinExistingLock()}), checks the lock count went up,
 *       and at release that it went down. A mongos locks the whole cluster on versions that
 *       support it and fails with {@link UnsupportedTopologyException} naming the version
 *       otherwise; its per-shard results are checked.
 *   <li>Release sends one successful {@code fsyncUnlock} per lock taken, reconnecting and retrying
 *       with backoff until {@link MongoHookSettings#releaseTimeout()}; if it still cannot, the
 *       error says the server is still locked and how to unlock it ({@link #recover(boolean)}).
 *   <li>Reports lock acquired, held time and unlock to a {@link MongoLockListener}.
 * </ul>
 * Thread-safe: each lock owns a client with one connection from {@link #quiesce} to its release;
 * after a successful release that client is kept idle for the next quiesce (for
 * {@link MongoHookSettings#sessionIdleTimeout()}), so neither opening nor closing a client falls
 * inside the write freeze. Concurrent quiesces get clients of their own. {@link #close()} closes
 * the idle client.
 */
public final class MongoConsistencyHook implements ConsistencyHook, AutoCloseable {
  /** The hook name ({@code snapfork.hooks=mongo}). */
  public static final String NAME = "mongo";

  private final MongoHookSettings settings;
  private final ConnectionString connectionString;
  private final LockLedger ledger;
  private final LockEvents events;
  private final SessionCache sessions;

  private MongoConsistencyHook(MongoHookSettings settings, MongoLockListener listener) {
    this.settings = settings;
    this.connectionString = SettingsRules.parse(settings.connectionString());
    this.ledger = new LockLedger(settings.ledgerDir());
    this.events = new LockEvents(listener);
    this.sessions = new SessionCache(settings.sessionIdleTimeout());
  }

  /**
   * A hook with these settings and no lock listener. Connects to nothing.
   *
   * @throws InvalidRequestException when {@code settings} is null
   */
  public static MongoConsistencyHook create(MongoHookSettings settings) {
    return create(settings, MongoLockListener.NONE);
  }

  /**
   * A hook reporting lock events to {@code listener}. Connects to nothing.
   *
   * @throws InvalidRequestException when an argument is null
   */
  public static MongoConsistencyHook create(MongoHookSettings settings, MongoLockListener listener) {
    if (settings == null) {
      throw new InvalidRequestException("settings", "must not be null");
    }
    if (listener == null) {
      throw new InvalidRequestException("listener", "must not be null");
    }
    return new MongoConsistencyHook(settings, listener);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The settings (their {@code toString} hides the connection string). */
  public MongoHookSettings settings() {
    return settings;
  }

  /**
   * Write-locks the member.
   *
   * @throws InvalidRequestException when {@code context} is null
   * @throws ConsistencyException when the member is locked by someone else, or the lock did not
   *     take (nothing is left locked)
   * @throws UnsupportedTopologyException on a mongos too old for cluster-wide locking
   * @throws dev.snapfork.PermissionDeniedException on wrong credentials
   * @throws dev.snapfork.UnavailableException when the member is unreachable within
   *     {@link MongoHookSettings#connectTimeout()}
   * @throws dev.snapfork.SnapshotTimeoutException when the lock is not acquired in time
   */
  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    if (context == null) {
      throw new InvalidRequestException("context", "must not be null");
    }
    return new Locker(settings, connectionString, ledger, events, sessions).lock(context);
  }

  /**
   * Unlocks what Snapfork left locked on the member: one {@code fsyncUnlock} per Snapfork lock
   * record (kept under {@link MongoHookSettings#ledgerDir()}, written before each lock and removed
   * after its unlock) whose holder process is gone, never more than the server holds; or, when
   * {@code force}, until the lock count is 0 whoever locked it. A record names its holder (host,
   * pid, process start time): a holder running on this host, or one that cannot be checked (another
   * host, an old record without holder), may still unlock its own freeze, so without {@code force}
   * it is not unlocked. Does nothing when the member is not locked.
   *
   * @throws ConsistencyException without {@code force}, when the member is locked and a record's
   *     holder is running or cannot be checked: the message names it (locks of holders that are
   *     gone were unlocked first, and it says so)
   * @throws SnapshotException translated driver errors (unreachable, auth)
   */
  public RecoveryResult recover(boolean force) {
    return Recovery.run(settings, connectionString, ledger, force);
  }

  /**
   * Closes the client kept idle between quiesces (if any). Locks still held are not touched:
   * their handles release them and then close their clients. Later quiesces still work (and close
   * their client after release).
   */
  @Override
  public void close() {
    sessions.close();
  }

  @Override
  public String toString() {
    return "MongoConsistencyHook{" + settings + "}";
  }
}
