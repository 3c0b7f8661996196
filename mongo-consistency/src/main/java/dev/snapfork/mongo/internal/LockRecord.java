package dev.snapfork.mongo.internal;

import java.util.List;
import java.util.Optional;

/**
 * One Snapfork lock record of a member, as {@link LockLedger#entries} read it.
 *
 * @param token the record's name (the request id, with a suffix when one request locked twice)
 * @param holder who wrote it; empty for a record without holder details (older Snapfork)
 * @param abandoned whether its holder gave up unlocking it (release or undo failed): nobody will
 *     unlock it, so it counts as a holder that is gone even while that process still runs
 */
public record LockRecord(String token, Optional<LockHolder> holder, boolean abandoned) {
  /**
   * Whether the holder may still unlock it: {@link LockHolder.Liveness#DEAD} when abandoned,
   * {@link LockHolder.Liveness#UNKNOWN} without holder details.
   */
  public LockHolder.Liveness liveness() {
    if (abandoned) {
      return LockHolder.Liveness.DEAD;
    }
    return holder.map(LockHolder::liveness).orElse(LockHolder.Liveness.UNKNOWN);
  }

  /** "request r, held by pid 1 on host h (started t), which is no longer running" and the like. */
  public String describe() {
    String who = holder.map(LockHolder::describe).orElse("a process this record does not name (written by an older Snapfork)");
    if (abandoned) {
      return "request " + token + " held by " + who + ", which gave up unlocking it (its release failed)";
    }
    String state = switch (liveness()) {
      case LIVE -> "which is running now";
      case DEAD -> "which is no longer running";
      case UNKNOWN -> holder.isPresent() && !holder.get().host().equals(LockHolder.self().host())
          ? "which cannot be checked from host " + LockHolder.self().host() + " (possibly live)"
          : "which cannot be checked (possibly live)";
    };
    return "request " + token + " held by " + who + ", " + state;
  }

  /** The records of {@code records} whose holder is in state {@code state}. */
  static List<LockRecord> in(List<LockRecord> records, LockHolder.Liveness state) {
    return records.stream().filter(r -> r.liveness() == state).toList();
  }

  /** The descriptions of {@code records}, joined with "; ". */
  static String describeAll(List<LockRecord> records) {
    return String.join("; ", records.stream().map(LockRecord::describe).toList());
  }
}
