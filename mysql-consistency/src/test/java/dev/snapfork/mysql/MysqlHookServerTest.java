package dev.snapfork.mysql;

import dev.snapfork.testkit.sql.DatabaseFacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConsistencyException;
import dev.snapfork.Phase;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.PageRequest;
import dev.snapfork.local.LocalSnapshotProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hook against the real MariaDB server of {@code ci/databases.sh}. */
class MysqlHookServerTest {
  private static final QuiesceContext CTX = new QuiesceContext("test", List.of(), Duration.ofSeconds(20));
  private static MariaDb db;

  @BeforeAll
  static void server() throws SQLException {
    db = new MariaDb(DatabaseFacts.require());
    db.exec("CREATE TABLE IF NOT EXISTS snapfork_test.freeze_rows (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB");
    db.exec("CREATE TABLE IF NOT EXISTS snapfork_test.blocker (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
    db.exec("INSERT IGNORE INTO snapfork_test.blocker VALUES (1, 0)");
  }

  @BeforeEach
  void unlockedAtStart() throws SQLException {
    db.exec("DELETE FROM snapfork_test.freeze_rows");
  }

  @ParameterizedTest
  @EnumSource(MysqlLockMode.class)
  void writesDuringTheFreezeWaitAndCompleteAfterRelease(MysqlLockMode mode) throws Exception {
    QuiesceHandle handle = db.hook().mode(mode).build().quiesce(CTX);
    CompletableFuture<Integer> write;
    try (Connection watcher = db.connect()) {
      write = CompletableFuture.supplyAsync(() -> {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
          return st.executeUpdate("INSERT INTO snapfork_test.freeze_rows (v) VALUES (42)");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      // The insert reaches the server and waits for the lock (commit or statement, by mode).
      awaitTrue(() -> MariaDb.sessionInState(watcher, "INSERT INTO snapfork_test.freeze_rows%", "Waiting for%"));
      assertThat(write).isNotDone();
      assertThat(handle.freezeLost()).isEmpty();
    } finally {
      handle.release();
    }
    assertThat(write.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(db.count("snapfork_test.freeze_rows")).isEqualTo(1);
  }

  @Test
  void aLongWriteBlockingTheLockFailsQuiesceWithinTheBoundNamingIt() throws Exception {
    CompletableFuture<Void> longWrite = CompletableFuture.runAsync(() -> {
      try (Connection c = db.connect(); Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE snapfork_test.blocker SET v = SLEEP(4) WHERE id = 1");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    try (Connection watcher = db.connect()) {
      awaitTrue(() -> MariaDb.sessionInState(watcher, "UPDATE snapfork_test.blocker%", "User sleep"));
      MysqlHook hook = db.hook().lockWaitTimeout(Duration.ofSeconds(1)).build();
      assertThatThrownBy(() -> hook.quiesce(CTX))
          .isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("lock-wait-timeout 1s")
          .hasMessageContaining("UPDATE snapfork_test.blocker SET v = SLEEP(4)")
          .hasMessageContaining("user=" + db.user)
          .hasMessageContaining("left unlocked")
          .hasMessageNotContaining(db.password.reveal());
      // Writes flow while the long statement still runs: the failed lock attempt left nothing behind.
      assertThat(longWrite).isNotDone();
      try (Statement st = watcher.createStatement()) {
        st.setQueryTimeout(10);
        assertThat(st.executeUpdate("INSERT INTO snapfork_test.freeze_rows (v) VALUES (1)")).isEqualTo(1);
      }
    }
    longWrite.get(30, TimeUnit.SECONDS);
  }

  @Test
  void binlogPositionAndGtidMatchTheServersOwnWhileLocked() throws Exception {
    db.exec("INSERT INTO snapfork_test.freeze_rows (v) VALUES (7)");
    QuiesceHandle handle = db.hook().build().quiesce(CTX);
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      Map<String, String> labels = handle.snapshotLabels();
      try (ResultSet rs = st.executeQuery("SHOW BINLOG STATUS")) {
        assertThat(rs.next()).isTrue();
        assertThat(labels).containsEntry(MysqlLabels.BINLOG_FILE, rs.getString(1))
            .containsEntry(MysqlLabels.BINLOG_POSITION, Long.toString(rs.getLong(2)));
      }
      try (ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_current_pos")) {
        rs.next();
        assertThat(rs.getString(1)).isNotBlank();
        assertThat(labels).containsEntry(MysqlLabels.GTID, rs.getString(1));
      }
      assertThat(labels).containsEntry(MysqlLabels.LOCK_MODE, "global-read-lock");
    } finally {
      handle.release();
    }
  }

  @Test
  void killingTheLockingSessionMidFreezeMakesTheSnapshotFailAsNotConsistent() throws Exception {
    DatabaseFacts facts = db.facts;
    db.exec("CREATE USER IF NOT EXISTS 'locktest'@'%' IDENTIFIED BY '" + db.password.reveal() + "'");
    db.exec("GRANT RELOAD, PROCESS, BINLOG MONITOR ON *.* TO 'locktest'@'%'");
    db.exec("GRANT SELECT ON snapfork_test.* TO 'locktest'@'%'");
    MysqlHook hook = MysqlHook.builder(db.url).user("locktest").password(db.password).build();
    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(facts.root());
         Connection killer = db.connect();
         Snapshotter snapshotter = Snapshotter.builder(provider).hook(hook).listener(e -> {
           if (e.phase() == Phase.QUIESCE && e.succeeded()) {
             killSessionsOf(killer, "locktest"); // the freeze ends early, before the cut
           }
         }).build()) {
      VolumeRef source = VolumeRef.of(facts.get("MARIADB_VOLUME"));
      String requestId = "kill-" + System.nanoTime();
      assertThatThrownBy(() -> snapshotter.snapshot(SnapshotRequest.builder(source).requestId(requestId).build()))
          .isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("not application-consistent")
          .hasMessageContaining("killed or dropped");
      List<Snapshot> left = provider.list(SnapshotFilter.ALL.withLabel(dev.snapfork.Labels.REQUEST_ID, requestId), PageRequest.first(100)).items();
      assertThat(left).isEmpty();
    }
  }

  private static void killSessionsOf(Connection c, String user) {
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + user + "'")) {
      List<Long> ids = new java.util.ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      assertThat(ids).as("the locking session").isNotEmpty();
      for (long id : ids) {
        try (Statement k = c.createStatement()) {
          k.execute("KILL " + id);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void awaitTrue(Check check) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("condition not reached");
  }
}
