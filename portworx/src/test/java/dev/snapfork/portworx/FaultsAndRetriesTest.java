package dev.snapfork.portworx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConflictException;
import dev.snapfork.BackendFailureException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnavailableException;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.fake.InProcessOsd;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error translation, retries of transient errors, lost replies and deadlines, at the wire. */
class FaultsAndRetriesTest {
  private InProcessOsd osd;
  private PortworxSnapshotProvider provider;
  private VolumeRef source;

  @BeforeEach
  void start() {
    osd = new InProcessOsd();
    provider = osd.provider(InProcessOsd.testOptions().callTimeout(Duration.ofMillis(300)).maxAttempts(4).build());
    source = osd.createVolume("db-data", 1 << 20, Map.of());
  }

  @AfterEach
  void stop() {
    provider.close();
    osd.close();
  }

  private SnapshotRequest request() {
    return SnapshotRequest.builder(source).name("snap-" + System.nanoTime()).build();
  }

  @Test
  void unavailableBurstIsRetriedAndMakesOneSnapshot() {
    osd.osd().faults().fail(2, Status.UNAVAILABLE.withDescription("transport is closing"), "SnapshotCreate");
    Snapshot s = provider.create(request());
    assertThat(osd.osd().faults().calls("SnapshotCreate")).isEqualTo(3);
    assertThat(provider.stream(SnapshotFilter.ofSource(source)).map(Snapshot::id)).containsExactly(s.id());
  }

  @Test
  void lostReplyOfSnapshotCreateIsFoundByRequestIdOnRetry() {
    osd.osd().faults().loseReplies(1, "SnapshotCreate");
    SnapshotRequest request = request();
    Snapshot s = provider.create(request);
    assertThat(osd.osd().faults().calls("SnapshotCreate")).as("SnapshotCreate sent once: the retry found the first").isEqualTo(1);
    assertThat(s.labels()).containsEntry(Labels.REQUEST_ID, request.requestId());
    assertThat(provider.stream(SnapshotFilter.ofSource(source)).toList()).hasSize(1);
  }

  @Test
  void lostReplyOfCloneIsFoundByRequestIdOnRetry() {
    Snapshot s = provider.create(request());
    osd.osd().faults().loseReplies(1, "Clone");
    var clone = provider.createVolume(dev.snapfork.CloneRequest.builder(s.id(), "staging-db").build());
    assertThat(osd.osd().faults().calls("Clone")).isEqualTo(1);
    assertThat(clone.sourceSnapshotId()).contains(s.id());
    assertThat(provider.streamVolumes(dev.snapfork.VolumeFilter.managed()).toList()).hasSize(1);
  }

  @Test
  void unavailableBeyondTheAttemptsSurfacesAsRetryableUnavailable() {
    osd.osd().faults().fail(100, Status.UNAVAILABLE.withDescription("connection refused"), "Inspect");
    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> provider.get("12345"))
        .satisfies(e -> assertThat(e.retryable()).isTrue())
        .satisfies(e -> assertThat(e.getMessage()).contains("Inspect").contains("connection refused"));
    assertThat(osd.osd().faults().calls("Inspect")).isEqualTo(4);
  }

  @Test
  void aCallThatOutlivesItsDeadlineIsRetried() {
    Snapshot s = provider.create(request());
    osd.osd().faults().stall(1, "Inspect");
    assertThat(provider.get(s.id()).id()).isEqualTo(s.id());
    assertThat(osd.osd().faults().calls("Inspect")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void deadlinesOnEveryAttemptSurfaceAsTimeout() {
    osd.osd().faults().stall(100, "Inspect");
    assertThatExceptionOfType(SnapshotTimeoutException.class)
        .isThrownBy(() -> provider.get("12345"))
        .satisfies(e -> assertThat(e.getMessage()).contains("DEADLINE_EXCEEDED").contains("Inspect"));
  }

  @Test
  void statusCodesMapToTypedExceptionsKeepingTheServerMessage() {
    record Case(Status status, Class<? extends SnapshotException> type, boolean retryable) {}
    var cases = new Case[] {
        new Case(Status.PERMISSION_DENIED, PermissionDeniedException.class, false),
        new Case(Status.UNAUTHENTICATED, PermissionDeniedException.class, false),
        new Case(Status.RESOURCE_EXHAUSTED, RateLimitedException.class, true),
        new Case(Status.ALREADY_EXISTS, ConflictException.class, false),
        new Case(Status.ABORTED, ConflictException.class, true),
        new Case(Status.INVALID_ARGUMENT, InvalidRequestException.class, false),
        new Case(Status.INTERNAL, BackendFailureException.class, false),
    };
    PortworxSnapshotProvider once = osd.provider(InProcessOsd.testOptions().maxAttempts(1).build());
    try {
      for (Case c : cases) {
        osd.osd().faults().fail(1, c.status().withDescription("server says " + c.status().getCode()), "Inspect");
        assertThatExceptionOfType(c.type()).as("%s", c.status().getCode())
            .isThrownBy(() -> once.get("12345"))
            .satisfies(e -> assertThat(e.retryable()).isEqualTo(c.retryable()))
            .satisfies(e -> assertThat(e.getMessage()).contains("server says " + c.status().getCode()));
      }
    } finally {
      once.close();
    }
  }

  @Test
  void notFoundCarriesTheIdAndTheServerMessage() {
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(VolumeRef.of("777")).name("x1").build()))
        .satisfies(e -> assertThat(e.id()).isEqualTo("777"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo("volume"));
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> provider.get("888"))
        .satisfies(e -> assertThat(e.getMessage()).contains("Volume id 888 not found"));
  }

  @Test
  void volumeReferencesByNameResolveToTheId() {
    Snapshot s = provider.create(SnapshotRequest.builder(VolumeRef.of("db-data")).name("by-name").build());
    assertThat(s.source()).isEqualTo(source);
    assertThat(provider.list(SnapshotFilter.ofSource(VolumeRef.of("db-data")), dev.snapfork.PageRequest.first()).items())
        .extracting(Snapshot::id).containsExactly(s.id());
  }

  @Test
  void getOfAPlainVolumeIdIsNotASnapshot() {
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> provider.get(source.id()))
        .satisfies(e -> assertThat(e.kind()).isEqualTo("snapshot"));
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.delete(source.id()));
    assertThat(provider.getVolume(source).ref()).isEqualTo(source);
  }

  @Test
  void permissionErrorsAreNotRetried() {
    osd.osd().faults().fail(1, Status.PERMISSION_DENIED.withDescription("Access denied"), "Inspect");
    assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> provider.get("12345"));
    assertThat(osd.osd().faults().calls("Inspect")).isEqualTo(1);
  }

  @Test
  void cloneCannotResize() {
    Snapshot s = provider.create(request());
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.createVolume(dev.snapfork.CloneRequest.builder(s.id(), "bigger").sizeBytes(2 << 20).build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("sizeBytes"));
    assertThat(osd.osd().faults().calls("Clone")).isZero();
  }

  @Test
  void aServerWithoutTheVolumeServiceIsRefusedAtConnect() {
    osd.osd().advertiseVolumeService(false);
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> osd.provider())
        .satisfies(e -> assertThat(e.getMessage()).contains("Volume service"));
  }
}
