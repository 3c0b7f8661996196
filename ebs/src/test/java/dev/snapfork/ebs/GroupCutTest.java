package dev.snapfork.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.fake.FakeAws;
import dev.snapfork.ebs.fake.FakeAwsServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** createGroup: CreateSnapshots for the volumes of one instance, per-volume cuts otherwise. */
class GroupCutTest {
  @RegisterExtension static final FakeAwsServer fake = new FakeAwsServer();

  private FakeAws.Vol attached(String instance, String device) {
    FakeAws.Vol v = fake.aws.newVolume(8);
    v.instanceId = instance;
    v.device = device;
    return v;
  }

  @Test
  void volumesOfOneInstanceAreCutByOneCreateSnapshotsCall() {
    String instance = "i-0aaaaaaaaaaaaaaa1";
    FakeAws.Vol boot = attached(instance, "/dev/xvda");
    FakeAws.Vol data1 = attached(instance, "/dev/sdf");
    FakeAws.Vol data2 = attached(instance, "/dev/sdg");
    FakeAws.Vol other = attached(instance, "/dev/sdh");
    try (EbsSnapshotProvider p = fake.provider().build()) {
      List<SnapshotRequest> reqs = List.of(SnapshotRequest.builder(VolumeRef.of(data2.id)).name("db-b").build(),
          SnapshotRequest.builder(VolumeRef.of(data1.id)).name("db-a").label("team", "x").build());
      int calls = fake.aws.count("CreateSnapshots");
      List<Snapshot> group = p.createGroup("grp-1", reqs);
      assertThat(fake.aws.count("CreateSnapshots") - calls).isEqualTo(1);
      assertThat(group).extracting(s -> s.source().id()).containsExactly(data2.id, data1.id);
      assertThat(group.get(1).labels()).containsEntry(Labels.GROUP_ID, "grp-1").containsEntry("team", "x")
          .containsEntry(Labels.REQUEST_ID, reqs.get(1).requestId());
      assertThat(group.get(0).name()).isEqualTo("db-b");
      assertThat(fake.aws.snapshots.values()).as("no snapshot left of unrequested volumes")
          .noneMatch(s -> s.volumeId.equals(other.id) || s.volumeId.equals(boot.id));
      assertThat(p.createGroup("grp-1", reqs)).extracting(Snapshot::id).as("retry").containsExactlyElementsOf(group.stream().map(Snapshot::id).toList());
    }
  }

  @Test
  void unattachedVolumesAreCutOneByOneAndSaySo() {
    FakeAws.Vol a = fake.aws.newVolume(1);
    FakeAws.Vol b = fake.aws.newVolume(1);
    try (EbsSnapshotProvider p = fake.provider().build()) {
      int calls = fake.aws.count("CreateSnapshots");
      List<Snapshot> group = p.createGroup("grp-2", List.of(SnapshotRequest.of(VolumeRef.of(a.id)), SnapshotRequest.of(VolumeRef.of(b.id))));
      assertThat(fake.aws.count("CreateSnapshots")).isEqualTo(calls);
      assertThat(group).hasSize(2).allSatisfy(s -> assertThat(s.attributes()).containsEntry("ebs.group-mode", "per-volume"))
          .allSatisfy(s -> assertThat(s.labels()).containsEntry(Labels.GROUP_ID, "grp-2"));
    }
  }
}
