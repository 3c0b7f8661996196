package dev.snapfork;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Snapshotter#cleanup} did (or, in a dry run, would do).
 *
 * @param dryRun whether nothing was deleted
 * @param items one entry per object selected, volumes first (clones go before their snapshots)
 */
public record CleanupReport(boolean dryRun, List<Item> items) {
  public CleanupReport {
    items = List.copyOf(items);
  }

  /** What happened to one object. */
  public enum Outcome { DELETED, WOULD_DELETE, ALREADY_GONE, FAILED }

  /**
   * One selected object.
   *
   * @param kind {@code volume} or {@code snapshot}
   * @param id the snapshot id or volume reference
   * @param expiresAt its expiry label, if any
   * @param outcome what happened
   * @param error the failure message when {@code outcome} is {@link Outcome#FAILED}
   */
  public record Item(String kind, String id, Optional<Instant> expiresAt, Outcome outcome, Optional<String> error) {}

  /** Items with {@code outcome}. */
  public List<Item> with(Outcome outcome) {
    return items.stream().filter(i -> i.outcome() == outcome).toList();
  }

  /** Whether every selected object was handled without error. */
  public boolean succeeded() {
    return items.stream().noneMatch(i -> i.outcome() == Outcome.FAILED);
  }
}
