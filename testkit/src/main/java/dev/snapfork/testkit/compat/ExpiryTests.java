package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Capability;
import dev.snapfork.CleanupReport;
import dev.snapfork.CleanupRequest;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.KitContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compatibility kit: the expiry label ({@link Labels#EXPIRES_AT}, written by
 * {@link Labels#expiryValue}) is accepted by the backend as a label or tag value, read back
 * unchanged, and {@code cleanup(EXPIRED)} deletes exactly what has expired.
 *
 * <p>The cleanups here run at a fixed instant about an hour from now, so on a backend shared with
 * other users they also delete any other managed object that expires before then, as
 * {@code snapfork cleanup} would.
 */
public interface ExpiryTests extends KitTest {

  @Test
  default void expiry_labelIsAcceptedAndCleanupDeletesOnlyExpiredSnapshots() {
    VolumeRef source = kit().newSource();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String soon = Labels.expiryValue(now.plus(Duration.ofMinutes(1)));
    Snapshot expiring = kit().create(kit().request(source).label(Labels.EXPIRES_AT, soon).build());
    Snapshot lasting = kit().create(kit().request(source)
        .label(Labels.EXPIRES_AT, Labels.expiryValue(now.plus(Duration.ofDays(30)))).build());
    assertThat(kit().provider().get(expiring.id()).labels()).as("expiry label read back").containsEntry(Labels.EXPIRES_AT, soon);
    assertThat(Labels.expiresAt(kit().provider().get(expiring.id()).labels())).contains(now.plus(Duration.ofMinutes(1)));

    CleanupReport report;
    try (Snapshotter s = Snapshotter.builder(kit().provider()).build()) {
      report = s.cleanup(CleanupRequest.EXPIRED.at(now.plus(Duration.ofHours(1))));
    }
    assertThat(report.items()).as("cleanup report").anySatisfy(i -> {
      assertThat(i.id()).isEqualTo(expiring.id());
      assertThat(i.outcome()).isEqualTo(CleanupReport.Outcome.DELETED);
    });
    assertThat(report.items()).extracting(CleanupReport.Item::id).doesNotContain(lasting.id());
    assertGone(expiring.id());
    assertThat(kit().provider().get(lasting.id()).id()).isEqualTo(lasting.id());
  }

  @Test
  default void expiry_forkWithAnExpiryIsCleanedUpOnceExpired() {
    kit().requireCapability(Capability.CLONE);
    VolumeRef source = kit().newSource();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ForkResult fork;
    try (Snapshotter s = Snapshotter.builder(kit().provider()).clock(Clock.fixed(now, ZoneOffset.UTC))
        .readyTimeout(kit().readyTimeout()).build()) {
      fork = s.fork(ForkRequest.builder(source, kit().uniqueName("fork")).expiresAfter(Duration.ofMinutes(5))
          .label(KitContext.SCOPE_LABEL, kit().scopeValue()).build());
    }
    kit().track(fork.snapshot().snapshot());
    kit().trackClone(fork.volume().ref());
    assertThat(Labels.expiresAt(fork.volume().labels())).as("clone expiry").contains(now.plus(Duration.ofMinutes(5)));
    assertThat(Labels.expiresAt(kit().provider().get(fork.snapshot().snapshot().id()).labels()))
        .as("snapshot expiry read back").contains(now.plus(Duration.ofMinutes(5)));

    CleanupReport report;
    try (Snapshotter s = Snapshotter.builder(kit().provider()).build()) {
      report = s.cleanup(CleanupRequest.EXPIRED.at(now.plus(Duration.ofHours(1))));
    }
    for (String id : List.of(fork.volume().ref().id(), fork.snapshot().snapshot().id())) {
      assertThat(report.items()).as("cleanup of " + id).anySatisfy(i -> {
        assertThat(i.id()).isEqualTo(id);
        assertThat(i.outcome()).isEqualTo(CleanupReport.Outcome.DELETED);
      });
    }
    assertGone(fork.snapshot().snapshot().id());
  }

  /** Gone, or (on backends where deletes linger, e.g. behind Kubernetes finalizers) being deleted. */
  private void assertGone(String snapshotId) {
    try {
      assertThat(kit().provider().get(snapshotId).state()).as("state of deleted snapshot " + snapshotId)
          .isEqualTo(SnapshotState.DELETING);
    } catch (NotFoundException expected) {
      // gone
    }
  }
}
