package dev.snapfork.csi.internal;

import dev.snapfork.NotFoundException;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** One caller waiting for a VolumeSnapshot to reach a condition; completed by the watch or a (re-)list. */
final class Waiter {
  private final String id;
  private final Predicate<VolumeSnapshot> condition;
  final CompletableFuture<VolumeSnapshot> result = new CompletableFuture<>();

  Waiter(String id, Predicate<VolumeSnapshot> condition) {
    this.id = id;
    this.condition = condition;
  }

  /** Offers the latest state; completes when the condition holds. */
  void offer(VolumeSnapshot vs) {
    if (condition.test(vs)) {
      result.complete(vs);
    }
  }

  /** The object is gone. */
  void gone() {
    result.completeExceptionally(new NotFoundException("snapshot", id, "snapshot " + id + " was deleted while waiting", null));
  }
}
