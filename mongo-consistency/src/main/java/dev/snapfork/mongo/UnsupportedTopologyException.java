package dev.snapfork.mongo;

import dev.snapfork.ConsistencyException;

/**
 * The deployment cannot be write-locked as one: a sharded cluster whose {@code mongos} predates
 * cluster-wide {@code fsync} locking (MongoDB 7.1, 7.0.2, 6.0.11, 5.0.22, 4.4.25). The message
 * names the version found. Not retryable.
 */
public class UnsupportedTopologyException extends ConsistencyException {
  private static final long serialVersionUID = 1L;
  private final String serverVersion;

  public UnsupportedTopologyException(String message, String serverVersion) {
    super(message, null, false);
    this.serverVersion = serverVersion;
  }

  /** The server version reported by {@code buildInfo}. */
  public String serverVersion() {
    return serverVersion;
  }
}
