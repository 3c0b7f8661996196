package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.BackendFailureException;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Compatibility kit: waiting for readiness, its deadline, failed and deleted snapshots. */
public interface AwaitReadyTests extends KitTest {

  @Test
  default void await_returnsTheReadySnapshot() {
    VolumeRef source = kit().newSource();
    Snapshot s = kit().create(source);
    Snapshot ready = kit().awaitReady(s);
    assertThat(ready.id()).isEqualTo(s.id());
    assertThat(ready.source()).isEqualTo(source);
    assertThat(ready.ready()).isTrue();
  }

  @Test
  default void await_onAReadySnapshotReturnsAgain() {
    Snapshot s = kit().createReady(kit().newSource());
    assertThat(kit().provider().awaitReady(s.id(), Duration.ofSeconds(30)).state()).isEqualTo(SnapshotState.READY);
  }

  @Test
  default void await_timesOutForASnapshotThatIsNotReadyInTime() {
    Snapshot s = kit().requireSnapshotNotReadySoon(kit().newSource());
    assertThatExceptionOfType(SnapshotTimeoutException.class)
        .isThrownBy(() -> kit().provider().awaitReady(s.id(), Duration.ofMillis(50)))
        .satisfies(e -> assertThat(e.retryable()).isTrue());
    assertThat(kit().provider().get(s.id()).state()).as("state after the timeout").isEqualTo(SnapshotState.PENDING);
  }

  @Test
  default void await_failedSnapshotThrowsBackendFailure() {
    Snapshot s = kit().requireSnapshotThatFails(kit().newSource());
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> kit().provider().awaitReady(s.id(), kit().readyTimeout()));
    Snapshot failed = kit().provider().get(s.id());
    assertThat(failed.state()).isEqualTo(SnapshotState.FAILED);
    assertThat(failed.failureMessage()).as("failure message of a FAILED snapshot").isPresent();
  }

  @Test
  default void await_deletedSnapshotThrowsNotFound() {
    Snapshot s = kit().createReady(kit().newSource());
    assertThat(kit().provider().delete(s.id())).isTrue();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().provider().awaitReady(s.id(), Duration.ofSeconds(5)))
        .satisfies(e -> assertThat(e.id()).isEqualTo(s.id()));
  }
}
