package dev.snapfork.mongo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the MongoDB hook did to the write lock of one member.
 *
 * @param type what happened
 * @param requestId the orchestration's request id
 * @param member the {@code host:port} locked (a mongos for a sharded cluster)
 * @param lockCount the server's lock count after the command, when it reported one
 * @param duration how long the command took ({@link Type#ACQUIRED}, {@link Type#UNLOCKED},
 *     {@link Type#UNLOCK_FAILED}) or how long the lock was held ({@link Type#HELD})
 * @param detail a short human-readable note (never a secret), or empty
 */
public record MongoLockEvent(Type type, String requestId, String member, Optional<Integer> lockCount, Duration duration, String detail) {
  /** The kinds of lock event. */
  public enum Type {
    /** {@code fsync lock} succeeded and the count went up. */
    ACQUIRED,
    /** Emitted at release: how long our lock was held. */
    HELD,
    /** {@code fsyncUnlock} succeeded for our lock. */
    UNLOCKED,
    /** One {@code fsyncUnlock} attempt failed (it may be retried). */
    UNLOCK_FAILED,
    /** The lock connection dropped while locked. */
    CONNECTION_LOST
  }

  public MongoLockEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(member, "member");
    lockCount = lockCount == null ? Optional.empty() : lockCount;
    Objects.requireNonNull(duration, "duration");
    detail = detail == null ? "" : detail;
  }
}
