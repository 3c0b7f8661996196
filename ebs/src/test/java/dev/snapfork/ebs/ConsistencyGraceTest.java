package dev.snapfork.ebs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.CloneRequest;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.fake.FakeAwsServer;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EC2 eventual consistency: a snapshot or volume this provider just created may be invisible to
 * its first describes (the fake's {@code invisibleDescribes}); get, awaitReady, getVolume and
 * delete retry within the consistency grace, and only for ids this instance created.
 */
class ConsistencyGraceTest {
  private static final int HIDDEN = 3;
  @RegisterExtension static final FakeAwsServer fake = new FakeAwsServer();
  private EbsSnapshotProvider provider;

  @BeforeEach
  void open() {
    fake.aws.invisibleDescribes = 0;
    provider = build(Duration.ofSeconds(20));
  }

  @AfterEach
  void close() {
    provider.close();
    fake.aws.invisibleDescribes = 0;
  }

  private static EbsSnapshotProvider build(Duration grace) {
    return fake.provider().consistencyGrace(grace)
        .consistencyBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.5)).build();
  }

  private VolumeRef volume() {
    return VolumeRef.of(fake.aws.newVolume(4).id);
  }

  private Snapshot readySnapshot() {
    return provider.awaitReady(provider.create(SnapshotRequest.of(volume())).id(), Duration.ofSeconds(10));
  }

  @Test
  void get_rightAfterCreate_retriesUntilEc2ShowsTheSnapshot() {
    fake.aws.invisibleDescribes = HIDDEN;
    Snapshot created = provider.create(SnapshotRequest.of(volume()));
    int before = fake.aws.count("DescribeSnapshots");
    Snapshot got = provider.get(created.id());
    assertThat(got.id()).isEqualTo(created.id());
    assertThat(fake.aws.count("DescribeSnapshots") - before).as("describes: %d invisible, then found", HIDDEN).isEqualTo(HIDDEN + 1);
  }

  @Test
  void awaitReady_rightAfterCreate_keepsPollingAnInvisibleSnapshot() {
    fake.aws.invisibleDescribes = HIDDEN;
    Snapshot created = provider.create(SnapshotRequest.of(volume()));
    assertThat(provider.awaitReady(created.id(), Duration.ofSeconds(10)).ready()).isTrue();
    assertThat(fake.aws.snapshots.get(created.id()).hiddenDescribes).as("every invisible describe was used").isZero();
  }

  @Test
  void createGroup_withCreateSnapshots_seesItsSnapshotsAfterTheGrace() {
    String instance = "i-0123456789abcdef0";
    var a = fake.aws.newVolume(4);
    var b = fake.aws.newVolume(4);
    a.instanceId = instance;
    a.device = "/dev/sdf";
    b.instanceId = instance;
    b.device = "/dev/sdg";
    fake.aws.invisibleDescribes = HIDDEN;
    List<Snapshot> group = provider.createGroup("grace-group",
        List.of(SnapshotRequest.of(VolumeRef.of(a.id)), SnapshotRequest.of(VolumeRef.of(b.id))));
    assertThat(group).hasSize(2);
    assertThat(fake.aws.count("CreateSnapshots")).isPositive();
    for (Snapshot s : group) {
      assertThat(provider.awaitReady(s.id(), Duration.ofSeconds(10)).ready()).isTrue();
    }
  }

  @Test
  void getVolume_rightAfterClone_retriesUntilEc2ShowsTheVolume() {
    Snapshot s = readySnapshot();
    fake.aws.invisibleDescribes = HIDDEN;
    Volume clone = provider.createVolume(CloneRequest.builder(s.id(), "grace-clone").build());
    int before = fake.aws.count("DescribeVolumes");
    assertThat(provider.getVolume(clone.ref()).ref()).isEqualTo(clone.ref());
    assertThat(fake.aws.count("DescribeVolumes") - before).isEqualTo(HIDDEN + 1);
  }

  @Test
  void copy_rightAfterCopySnapshot_isReturnedOnceVisible() {
    Snapshot s = readySnapshot();
    fake.aws.invisibleDescribes = HIDDEN;
    Snapshot copy = provider.copyToRegion(s.id(), "eu-west-2", provider, Map.of(), "grace-copy");
    assertThat(copy.id()).isNotEqualTo(s.id());
    assertThat(fake.aws.snapshots.get(copy.id()).hiddenDescribes).isZero();
  }

  @Test
  void delete_rightAfterCreate_deletesAndThenNotFoundIsFinal() {
    fake.aws.invisibleDescribes = HIDDEN;
    Snapshot created = provider.create(SnapshotRequest.of(volume()));
    assertThat(provider.get(created.id()).id()).isEqualTo(created.id());
    assertThat(provider.delete(created.id())).isTrue();
    int before = fake.aws.count("DescribeSnapshots");
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> provider.get(created.id()));
    assertThat(fake.aws.count("DescribeSnapshots") - before).as("a deleted id is not retried").isEqualTo(1);
  }

  @Test
  void idsNotCreatedByThisInstance_failNotFoundAtOnce() {
    fake.aws.invisibleDescribes = HIDDEN;
    Snapshot created = provider.create(SnapshotRequest.of(volume()));
    try (EbsSnapshotProvider other = build(Duration.ofSeconds(20))) {
      int before = fake.aws.count("DescribeSnapshots");
      assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> other.get(created.id()))
          .satisfies(e -> assertThat(e.id()).isEqualTo(created.id()));
      assertThat(fake.aws.count("DescribeSnapshots") - before).as("one describe, no retries").isEqualTo(1);
      assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> other.awaitReady(created.id(), Duration.ofSeconds(10)));
      int volumes = fake.aws.count("DescribeVolumes");
      assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> other.getVolume(VolumeRef.of("vol-0123456789abcdef0")));
      assertThat(fake.aws.count("DescribeVolumes") - volumes).isEqualTo(1);
    }
  }

  @Test
  void afterTheGrace_notFoundIsFinal() {
    fake.aws.invisibleDescribes = Integer.MAX_VALUE;
    try (EbsSnapshotProvider shortGrace = build(Duration.ofMillis(200))) {
      Snapshot created = shortGrace.create(SnapshotRequest.of(volume()));
      int before = fake.aws.count("DescribeSnapshots");
      assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> shortGrace.get(created.id()));
      assertThat(fake.aws.count("DescribeSnapshots") - before).as("retried within the grace, then gave up").isGreaterThan(1);
      assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> shortGrace.awaitReady(created.id(), Duration.ofSeconds(10)));
    }
  }
}
