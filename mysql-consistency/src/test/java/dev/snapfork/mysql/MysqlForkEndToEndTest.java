package dev.snapfork.mysql;

import dev.snapfork.testkit.sql.DatabaseFacts;
import dev.snapfork.testkit.sql.Writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Consistency;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.Phase;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.LocalSnapshotProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole workflow against real MariaDB: a writer keeps inserting; the live data directory (a
 * volume of the local provider) is forked through the Snapshotter with the hook; a second server
 * starts on the clone and holds exactly the rows committed before the freeze and none issued after.
 */
class MysqlForkEndToEndTest {

  @ParameterizedTest
  @EnumSource(MysqlLockMode.class)
  void aServerStartedOnTheForkHoldsExactlyTheRowsCommittedBeforeTheFreeze(MysqlLockMode mode) throws Exception {
    DatabaseFacts facts = DatabaseFacts.require();
    MariaDb db = new MariaDb(facts);
    String table = "snapfork_test.e2e_" + mode.name().toLowerCase();
    db.exec("DROP TABLE IF EXISTS " + table);
    db.exec("CREATE TABLE " + table + " (id INT PRIMARY KEY) ENGINE=InnoDB");

    AtomicLong releasedAt = new AtomicLong(Long.MAX_VALUE);
    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(facts.root());
         Snapshotter snapshotter = Snapshotter.builder(provider).hook(db.hook().mode(mode).build()).listener(e -> {
           if (e.phase() == Phase.RELEASE && e.subject().equals(MysqlHook.NAME)) {
             releasedAt.set(System.nanoTime());
           }
         }).build()) {
      ForkResult fork;
      long freezeRequestedAt;
      try (Writer writer = new Writer(db.connect(), "INSERT INTO " + table + " (id) VALUES (?)")) {
        writer.awaitCommitted(50);
        freezeRequestedAt = System.nanoTime();
        fork = snapshotter.fork(ForkRequest.builder(VolumeRef.of(facts.get("MARIADB_VOLUME")), "mariadb-fork-" + mode.configName())
            .requestId("e2e-mysql-" + mode.configName() + "-" + System.nanoTime()).build());
        writer.awaitCommitted(writer.committed() + 20); // the writer went on after the release
        List<Integer> mustHave = new ArrayList<>();
        List<Integer> mustNotHave = new ArrayList<>();
        writer.close();
        for (int id = 1; id <= writer.committed(); id++) {
          long[] t = writer.times(id);
          if (t[1] < freezeRequestedAt) {
            mustHave.add(id);
          } else if (t[0] > releasedAt.get()) {
            mustNotHave.add(id);
          }
        }
        assertThat(fork.snapshot().consistency()).isEqualTo(Consistency.APPLICATION);
        assertThat(fork.snapshot().snapshot().labels()).containsKeys(MysqlLabels.BINLOG_FILE, MysqlLabels.BINLOG_POSITION)
            .containsEntry(MysqlLabels.LOCK_MODE, mode.configName());
        assertThat(mustNotHave).as("rows issued after the release").isNotEmpty();

        Path cloneDir = provider.volumePath(fork.volume().ref());
        try (CloneServer clone = CloneServer.start(facts, cloneDir, 13307 + mode.ordinal());
             Connection c = clone.awaitConnection(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
          List<Integer> rows = new ArrayList<>();
          while (rs.next()) {
            rows.add(rs.getInt(1));
          }
          assertThat(rows).containsAll(mustHave).doesNotContainAnyElementsOf(mustNotHave);
          // Single autocommit writer: the clone holds a gap-free prefix 1..k.
          for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).isEqualTo(i + 1);
          }
        } finally {
          provider.deleteVolume(fork.volume().ref(), false);
          provider.delete(fork.snapshot().snapshot().id());
        }
      }
    }
  }
}
