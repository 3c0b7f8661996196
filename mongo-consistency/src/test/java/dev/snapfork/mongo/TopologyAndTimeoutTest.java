package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.Document;
import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.internal.Topology;
import dev.snapfork.mongo.server.FsyncBackend;
import dev.snapfork.mongo.server.FsyncBackend.Fault;
import dev.snapfork.mongo.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Version rules for cluster-wide locking, the secondary preference, mongos refusal and acquisition timeout. */
class TopologyAndTimeoutTest {
  @TempDir Path ledger;
  TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static QuiesceContext ctx(String id) {
    return new QuiesceContext(id, List.of(VolumeRef.of("data")), Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"8.0.0,true", "7.1.0,true", "7.0.2,true", "7.0.1,false", "6.0.11,true", "6.0.10,false", "6.3.1,false", "5.0.22,true",
      "5.0.21,false", "4.4.25,true", "4.4.24,false", "4.2.99,false", "7.0.2-rc0,true", "garbage,false"})
  void clusterWideFsyncVersions(String version, boolean supported) {
    assertThat(Topology.clusterWideFsync(version)).isEqualTo(supported);
  }

  @Test
  void secondaryPreferenceLocksASecondaryNamedByTheSeed() {
    String me = server.hostAndPort();
    server.backend().replicaSet(new Document("setName", "rs0").append("secondary", true).append("primary", "127.0.0.1:1")
        .append("hosts", List.of("127.0.0.1:1", me)).append("me", me), List.of());
    MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).memberPreference(MemberPreference.SECONDARY)
        .build());
    QuiesceHandle h = hook.quiesce(ctx("sec"));
    assertThat(h.snapshotLabels()).containsEntry("snapfork.dev/mongo-member", me.replace(':', '_'));
    assertThat(server.backend().lockCount()).isEqualTo(1);
    h.release();
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void mongosAlreadyLockedIsRefusedAndOurLockUndone() {
    server.backend().mode(FsyncBackend.Mode.MONGOS).version("7.1.0");
    server.backend().lockByOther();
    assertThatThrownBy(() -> MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build()).quiesce(ctx("m")))
        .isInstanceOf(ConsistencyException.class).hasMessageContaining("locked by someone else too");
    assertThat(server.backend().lockCount()).isEqualTo(1);
    server.backend().unlockByOther();
  }

  @Test
  void lockAcquisitionTimeoutIsATimeoutAndLeavesNothingLocked() {
    server.backend().fault("fsync", Fault.MAX_TIME_EXPIRED, 1);
    assertThatThrownBy(() -> MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build()).quiesce(ctx("t")))
        .isInstanceOf(SnapshotTimeoutException.class).hasMessageContaining("did not finish within");
    assertThat(server.backend().lockCount()).isZero();
  }
}
