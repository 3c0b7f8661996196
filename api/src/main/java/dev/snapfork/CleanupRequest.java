package dev.snapfork;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link Snapshotter#cleanup} removes. Only managed objects (those carrying
 * {@link Labels#MANAGED_BY}) are ever considered; unmanaged objects are never touched.
 *
 * @param dryRun report what would be deleted without deleting
 * @param includeUnexpired also remove managed objects that have no expiry or have not expired
 * @param now the time expiries are compared with; empty means the current time
 */
public record CleanupRequest(boolean dryRun, boolean includeUnexpired, Optional<Instant> now) {
  /** Delete expired managed objects now. */
  public static final CleanupRequest EXPIRED = new CleanupRequest(false, false, Optional.empty());

  public CleanupRequest {
    now = now == null ? Optional.empty() : now;
  }

  /** This request as a dry run. */
  public CleanupRequest asDryRun() {
    return new CleanupRequest(true, includeUnexpired, now);
  }

  /** This request including every managed object, expired or not. */
  public CleanupRequest includingUnexpired() {
    return new CleanupRequest(dryRun, true, now);
  }

  /** This request judging expiry at {@code instant}. */
  public CleanupRequest at(Instant instant) {
    return new CleanupRequest(dryRun, includeUnexpired, Optional.of(instant));
  }
}
