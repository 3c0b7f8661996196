package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PageRequest;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compatibility kit: missing objects give {@link NotFoundException} carrying the id; null or blank
 * ids and non-positive timeouts give {@link InvalidRequestException} (never an NPE), checked before
 * the object is looked up.
 */
public interface NotFoundAndInvalidInputTests extends KitTest {

  /** Null, empty and blank ids. */
  private static List<String> blankIds() {
    return Arrays.asList(null, "", "   ");
  }

  @Test
  default void notFound_getOfAMissingIdCarriesTheId() {
    String id = kit().missingSnapshotId();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().provider().get(id))
        .satisfies(e -> assertThat(e.id()).isEqualTo(id))
        .satisfies(e -> assertThat(e.kind()).isEqualTo("snapshot"))
        .satisfies(e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  default void notFound_createOfAMissingSource() {
    VolumeRef missing = kit().missingVolume();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().create(kit().request(missing).build()))
        .satisfies(e -> assertThat(e.id()).isEqualTo(missing.id()));
  }

  @Test
  default void notFound_awaitReadyOfAMissingId() {
    String id = kit().missingSnapshotId();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().provider().awaitReady(id, Duration.ofSeconds(5)))
        .satisfies(e -> assertThat(e.id()).isEqualTo(id));
  }

  @Test
  default void notFound_getVolumeOfAMissingRef() {
    VolumeRef missing = kit().missingVolume();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().provider().getVolume(missing))
        .satisfies(e -> assertThat(e.id()).isEqualTo(missing.id()));
  }

  @Test
  default void invalid_getWithBlankIds() {
    for (String id : blankIds()) {
      assertThatExceptionOfType(InvalidRequestException.class).as("get(%s)", id).isThrownBy(() -> kit().provider().get(id));
    }
  }

  @Test
  default void invalid_deleteWithBlankIds() {
    for (String id : blankIds()) {
      assertThatExceptionOfType(InvalidRequestException.class).as("delete(%s)", id).isThrownBy(() -> kit().provider().delete(id));
    }
  }

  @Test
  default void invalid_awaitReadyWithBlankIds() {
    for (String id : blankIds()) {
      assertThatExceptionOfType(InvalidRequestException.class)
          .as("awaitReady(%s)", id)
          .isThrownBy(() -> kit().provider().awaitReady(id, Duration.ofSeconds(5)));
    }
  }

  @Test
  default void invalid_awaitReadyWithZeroNegativeOrNullTimeoutIsCheckedBeforeLookup() {
    String id = kit().missingSnapshotId();
    for (Duration timeout : Arrays.asList(Duration.ZERO, Duration.ofSeconds(-1), null)) {
      assertThatExceptionOfType(InvalidRequestException.class)
          .as("awaitReady with timeout %s (a NotFoundException means the lookup came first)", timeout)
          .isThrownBy(() -> kit().provider().awaitReady(id, timeout));
    }
  }

  @Test
  default void invalid_nullArguments() {
    assertThatExceptionOfType(InvalidRequestException.class).as("create(null)").isThrownBy(() -> kit().provider().create(null));
    assertThatExceptionOfType(InvalidRequestException.class).as("getVolume(null)").isThrownBy(() -> kit().provider().getVolume(null));
    assertThatExceptionOfType(InvalidRequestException.class)
        .as("list(null, page)")
        .isThrownBy(() -> kit().provider().list(null, PageRequest.first()));
    assertThatExceptionOfType(InvalidRequestException.class)
        .as("list(filter, null)")
        .isThrownBy(() -> kit().provider().list(SnapshotFilter.ALL, null));
  }
}
