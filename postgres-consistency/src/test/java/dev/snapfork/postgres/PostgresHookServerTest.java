package dev.snapfork.postgres;

import dev.snapfork.testkit.sql.DatabaseFacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConsistencyException;
import dev.snapfork.Labels;
import dev.snapfork.PageRequest;
import dev.snapfork.Phase;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.LocalSnapshotProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hook against the real PostgreSQL server of {@code ci/databases.sh}. */
class PostgresHookServerTest {
  private static final QuiesceContext CTX = new QuiesceContext("pg-test", List.of(), Duration.ofSeconds(20));
  private static final String HOOK_SESSIONS = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'snapfork-postgres-hook'";
  private static Pg pg;

  @BeforeAll
  static void server() throws SQLException {
    pg = new Pg(DatabaseFacts.require());
    pg.exec("CREATE TABLE IF NOT EXISTS freeze_rows (id SERIAL PRIMARY KEY, v INT)");
    pg.exec("CREATE TABLE IF NOT EXISTS blocker (id INT PRIMARY KEY)");
  }

  @ParameterizedTest
  @EnumSource(PostgresMode.class)
  void writesDuringTheFreezeAreNotBlockedAndNoneIsLost(PostgresMode mode) throws Exception {
    long before = pg.count("freeze_rows");
    QuiesceHandle handle = pg.hook().mode(mode).build().quiesce(CTX);
    try (Connection c = pg.connect(); Statement st = c.createStatement()) {
      st.setQueryTimeout(10);
      assertThat(st.executeUpdate("INSERT INTO freeze_rows (v) VALUES (1), (2), (3)")).isEqualTo(3);
      // backup mode keeps its session until release; checkpoint mode holds nothing
      assertThat(pg.queryString(HOOK_SESSIONS)).isEqualTo(mode == PostgresMode.BACKUP ? "1" : "0");
      assertThat(handle.freezeLost()).isEmpty();
    } finally {
      handle.release();
    }
    assertThat(pg.count("freeze_rows")).isEqualTo(before + 3);
    assertThat(pg.queryString(HOOK_SESSIONS)).isEqualTo("0");
  }

  @ParameterizedTest
  @EnumSource(PostgresMode.class)
  void aLongQueryHoldingAnExclusiveLockDoesNotBlockQuiesce(PostgresMode mode) throws Exception {
    Connection holder = pg.connect();
    holder.setAutoCommit(false);
    CompletableFuture<Void> longQuery = CompletableFuture.runAsync(() -> {
      try (Statement st = holder.createStatement()) {
        st.execute("LOCK TABLE blocker IN ACCESS EXCLUSIVE MODE");
        st.execute("SELECT pg_sleep(30)");
      } catch (SQLException cancelled) {
        // cancelled below
      }
    });
    try (Connection watcher = pg.connect(); Statement w = watcher.createStatement()) {
      SqlAwait.until(() -> pg.queryString("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'").equals("1"));
      QuiesceHandle handle = pg.hook().mode(mode).lockWaitTimeout(Duration.ofSeconds(5)).build().quiesce(CTX);
      handle.release();
      assertThat(longQuery).isNotDone();
      w.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'");
    } finally {
      longQuery.get(30, TimeUnit.SECONDS);
      holder.rollback();
      holder.close();
    }
  }

  @Test
  void checkpointLsnMatchesTheServersControlFile() throws Exception {
    pg.exec("INSERT INTO freeze_rows (v) VALUES (9)");
    QuiesceHandle handle = pg.hook().mode(PostgresMode.CHECKPOINT).build().quiesce(CTX);
    handle.release();
    assertThat(handle.snapshotLabels())
        .containsEntry(PostgresLabels.MODE, "checkpoint")
        .containsEntry(PostgresLabels.CHECKPOINT_LSN, pg.queryString("SELECT checkpoint_lsn::text FROM pg_control_checkpoint()"));
    assertThat(handle.releaseMetadata()).isEmpty();
  }

  @Test
  void backupModeReturnsTheLabelOfThisBackupAtRelease() throws Exception {
    QuiesceHandle handle = pg.hook().mode(PostgresMode.BACKUP).build().quiesce(CTX);
    assertThat(handle.releaseMetadata()).as("known only after pg_backup_stop").isEmpty();
    pg.exec("INSERT INTO freeze_rows (v) VALUES (10)");
    handle.release();
    String start = handle.snapshotLabels().get(PostgresLabels.BACKUP_START_LSN);
    Map<String, String> meta = handle.releaseMetadata();
    assertThat(meta.get(PostgresLabels.BACKUP_LABEL))
        .contains("START WAL LOCATION: " + start + " ")
        .contains("LABEL: snapfork pg-test");
    assertThat(meta).containsKey(PostgresLabels.BACKUP_STOP_LSN).doesNotContainKey(PostgresLabels.TABLESPACE_MAP);
    assertThat(pg.queryString("SELECT '" + meta.get(PostgresLabels.BACKUP_STOP_LSN) + "'::pg_lsn > '" + start + "'::pg_lsn"))
        .isEqualTo("t");
  }

  @Test
  void terminatingTheBackupSessionMidFreezeMakesTheSnapshotFailAsNotConsistent() throws Exception {
    DatabaseFacts facts = pg.facts;
    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(facts.root());
         Connection killer = pg.connect();
         Snapshotter snapshotter = Snapshotter.builder(provider).hook(pg.hook().mode(PostgresMode.BACKUP).build()).listener(e -> {
           if (e.phase() == Phase.QUIESCE && e.succeeded()) {
             try (Statement st = killer.createStatement()) {
               st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'snapfork-postgres-hook'");
             } catch (SQLException ex) {
               throw new IllegalStateException(ex);
             }
           }
         }).build()) {
      String requestId = "pg-kill-" + System.nanoTime();
      assertThatThrownBy(() -> snapshotter.snapshot(SnapshotRequest.builder(VolumeRef.of(facts.get("PG_VOLUME"))).requestId(requestId).build()))
          .isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("not application-consistent")
          .hasMessageContaining("terminated or dropped");
      assertThat(provider.list(SnapshotFilter.ALL.withLabel(Labels.REQUEST_ID, requestId), PageRequest.first(10)).items()).isEmpty();
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static final class SqlAwait {
    static void until(Check check) throws Exception {
      for (int i = 0; i < 300; i++) {
        if (check.ok()) {
          return;
        }
        Thread.sleep(20);
      }
      throw new AssertionError("condition not reached");
    }
  }
}
