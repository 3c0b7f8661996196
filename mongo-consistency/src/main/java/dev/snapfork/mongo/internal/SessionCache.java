package dev.snapfork.mongo.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at most one idle {@link MongoSession} of a hook between a release and the next quiesce,
 * so a quiesce does not open a client (connection, monitor thread) and a release does not close
 * one while the member is locked. A session is owned by exactly one lock from quiesce to
 * release: {@link #take} hands it out exclusively, {@link #park} gets it back. An idle session
 * is closed after the idle timeout (zero: at once), or by {@link #close()}; closing always runs
 * on the background thread.
 */
public final class SessionCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);

  /** One parking of a session; compared by identity so a stale expiry cannot close a re-parked one. */
  private static final class Parked {
    final MongoSession session;
    ScheduledFuture<?> expiry;

    Parked(MongoSession session) {
      this.session = session;
    }
  }

  private final Duration idleTimeout;
  private Parked parked;
  private boolean closed;

  public SessionCache(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    Background.executor(); // start the background thread now, not inside the first freeze
  }

  /** The idle session if there is one made for {@code readTimeout} (now owned by the caller), else null. */
  public synchronized MongoSession take(java.time.Duration readTimeout) {
    Parked p = parked;
    if (p == null) {
      return null;
    }
    parked = null;
    if (p.expiry != null) {
      p.expiry.cancel(false);
    }
    if (!p.session.readTimeout().equals(readTimeout)) {
      closeLater(p.session);
      return null;
    }
    return p.session;
  }

  /** Gives a session back after its lock was released: kept for the next quiesce, or closed. */
  public void park(MongoSession session) {
    synchronized (this) {
      if (!closed && !idleTimeout.isZero() && parked == null) {
        Parked p = new Parked(session);
        parked = p;
        p.expiry = Background.executor().schedule(() -> expire(p), idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
    }
    closeLater(session);
  }

  private void expire(Parked p) {
    synchronized (this) {
      if (parked != p) {
        return;
      }
      parked = null;
    }
    p.session.close();
  }

  /** Whether a session is parked (for tests). */
  public synchronized boolean hasIdle() {
    return parked != null;
  }

  /** Closes the idle session (if any); sessions given back later are closed at once. */
  @Override
  public void close() {
    Parked p;
    synchronized (this) {
      closed = true;
      p = parked;
      parked = null;
    }
    if (p != null) {
      if (p.expiry != null) {
        p.expiry.cancel(false);
      }
      p.session.close();
    }
  }

  /** Closes {@code session} on the background thread (never inside the freeze). */
  public static void closeLater(MongoSession session) {
    Background.executor().execute(() -> {
      try {
        session.close();
      } catch (RuntimeException e) {
        LOG.debug("closing {} failed", session, e);
      }
    });
  }
}
