package dev.snapfork.postgres;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The whole workflow against real PostgreSQL in backup mode: a writer keeps inserting; the live
 * data directory (a local-provider volume, copied file by file: not an atomic cut) is forked
 * through the Snapshotter; the backup label from release is written into the clone; a second
 * server starts on it, replays to the end of the backup, and holds exactly the rows committed
 * before the freeze and none issued after it.
 */
class PostgresForkEndToEndTest {

  @Test
  void aServerStartedOnTheForkWithTheBackupLabelHoldsExactlyTheRowsCommittedBeforeTheFreeze() throws Exception {
    DatabaseFacts facts = DatabaseFacts.require();
    Pg pg = new Pg(facts);
    pg.exec("DROP TABLE IF EXISTS e2e_backup");
    pg.exec("CREATE TABLE e2e_backup (id INT PRIMARY KEY)");

    AtomicLong releasedAt = new AtomicLong(Long.MAX_VALUE);
    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(facts.root());
         Snapshotter snapshotter = Snapshotter.builder(provider).hook(pg.hook().mode(PostgresMode.BACKUP).build()).listener(e -> {
           if (e.phase() == Phase.RELEASE && e.subject().equals(PostgresHook.NAME)) {
             releasedAt.set(System.nanoTime());
           }
         }).build()) {
      ForkResult fork;
      long freezeRequestedAt;
      List<Integer> mustHave = new ArrayList<>();
      List<Integer> mustNotHave = new ArrayList<>();
      try (Writer writer = new Writer(pg.connect(), "INSERT INTO e2e_backup (id) VALUES (?)")) {
        writer.awaitCommitted(50);
        freezeRequestedAt = System.nanoTime();
        fork = snapshotter.fork(ForkRequest.builder(VolumeRef.of(facts.get("PG_VOLUME")), "postgres-fork-backup")
            .requestId("e2e-pg-backup-" + System.nanoTime()).build());
        writer.awaitCommitted(writer.committed() + 20);
        writer.close();
        for (int id = 1; id <= writer.committed(); id++) {
          long[] t = writer.times(id);
          if (t[1] < freezeRequestedAt) {
            mustHave.add(id);
          } else if (t[0] > releasedAt.get()) {
            mustNotHave.add(id);
          }
        }
      }
      assertThat(fork.snapshot().consistency()).isEqualTo(Consistency.APPLICATION);
      assertThat(fork.snapshot().snapshot().labels()).containsEntry(PostgresLabels.MODE, "backup").containsKey(PostgresLabels.BACKUP_START_LSN);
      assertThat(fork.snapshot().releaseMetadata().get(PostgresLabels.BACKUP_LABEL)).contains("START WAL LOCATION").contains("LABEL: snapfork e2e-pg-backup-");
      assertThat(mustNotHave).as("rows issued after the release").isNotEmpty();

      Path cloneDir = provider.volumePath(fork.volume().ref());
      Path sourceWal = provider.volumePath(VolumeRef.of(facts.get("PG_VOLUME"))).resolve("pg_wal");
      PostgresClone.prepare(cloneDir, fork.snapshot().releaseMetadata(), sourceWal);
      assertThat(Files.readString(cloneDir.resolve("backup_label"))).isEqualTo(fork.snapshot().releaseMetadata().get(PostgresLabels.BACKUP_LABEL));
      try (PgCloneServer clone = PgCloneServer.start(facts, cloneDir, 15433)) {
        List<Integer> rows = new ArrayList<>();
        try (Connection c = clone.connect(pg); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM e2e_backup ORDER BY id")) {
          while (rs.next()) {
            rows.add(rs.getInt(1));
          }
        }
        assertThat(rows).as("server log:\n" + clone.log()).containsAll(mustHave).doesNotContainAnyElementsOf(mustNotHave);
        for (int i = 0; i < rows.size(); i++) {
          assertThat(rows.get(i)).isEqualTo(i + 1);
        }
        assertThat(clone.log()).contains("starting backup recovery");
      } finally {
        provider.deleteVolume(fork.volume().ref(), false);
        provider.delete(fork.snapshot().snapshot().id());
      }
    }
  }
}
