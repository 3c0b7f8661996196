package dev.snapfork.mongo;

/**
 * Which replica-set member to lock when no explicit {@code member} is configured. The lock is
 * always taken over a direct connection to one member (the one whose disk is snapshotted).
 */
public enum MemberPreference {
  /** The single host named in the connection string (a standalone, a mongos, or one member). */
  CONNECTION_STRING,
  /** A secondary of the replica set found through the seed's {@code hello} reply. */
  SECONDARY,
  /** A hidden member, found through {@code replSetGetConfig}. */
  HIDDEN
}
