package dev.snapfork.mysql.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated session that holds the lock from quiesce to release. The lock belongs to the
 * connection: if the connection dies, the lock is gone, which {@link #freezeLost()} reports.
 * {@link #release()} unlocks and closes; it is safe to call more than once (later calls do
 * nothing). Thread-safe: the watchdog may release while the cut thread checks.
 */
final class LockSession implements QuiesceHandle {
  private static final Logger LOG = LoggerFactory.getLogger(LockSession.class);
  private static final int PING_SECONDS = 2;

  private final Connection connection;
  private final ServerInfo server;
  private final LockPlan plan;
  private final Map<String, String> labels;
  private boolean released;

  LockSession(Connection connection, ServerInfo server, LockPlan plan, Map<String, String> labels) {
    this.connection = connection;
    this.server = server;
    this.plan = plan;
    this.labels = Map.copyOf(labels);
  }

  @Override
  public synchronized Optional<String> freezeLost() {
    if (released) {
      return Optional.of("the lock was already released");
    }
    boolean alive;
    try {
      alive = connection.isValid(PING_SECONDS);
    } catch (SQLException e) {
      alive = false;
    }
    return alive ? Optional.empty()
        : Optional.of("the locking session (connection id " + server.connectionId() + ") is gone: killed or dropped, so "
            + plan.lock().get(plan.lock().size() - 1) + " ended before the cut completed");
  }

  @Override
  public Map<String, String> snapshotLabels() {
    return labels;
  }

  @Override
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    SQLException unlockFailure = null;
    try (Statement st = connection.createStatement()) {
      st.execute(plan.unlock());
    } catch (SQLException e) {
      unlockFailure = e;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      if (unlockFailure == null) {
        LOG.debug("mysql: closing the unlocked session failed: {}", e.getMessage());
        return;
      }
      throw new ConsistencyException("mysql: " + plan.unlock() + " failed (" + unlockFailure.getMessage()
          + ") and closing the locking session failed (" + e.getMessage() + "); the server may stay locked until it notices the"
          + " dropped session: run KILL " + server.connectionId() + " to recover", e);
    }
    if (unlockFailure != null) {
      // Closing the session ends its lock whatever the unlock statement said.
      LOG.warn("mysql: {} failed ({}); the session was closed, which ends its lock", plan.unlock(), unlockFailure.getMessage());
    }
  }

  @Override
  public String toString() {
    return "mysql lock session " + server.connectionId() + " (" + plan.mode().configName() + ")";
  }
}
