package dev.snapfork.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling a live lock holder from a dead one, and what a record says when that cannot be told. */
class LockHolderTest {
  @TempDir Path dir;

  @Test
  void thisProcessIsLiveAndItsRecordSaysWhoItIs() {
    LockLedger ledger = new LockLedger(dir);
    String token = ledger.record("h:1", "req");
    LockRecord r = ledger.entries("h:1").get(0);
    assertThat(r.token()).isEqualTo(token);
    assertThat(r.holder()).contains(LockHolder.self());
    assertThat(r.liveness()).isEqualTo(LockHolder.Liveness.LIVE);
    assertThat(r.describe()).contains("pid " + ProcessHandle.current().pid()).contains("running now");
  }

  @Test
  void aReusedPidWithAnotherStartTimeIsNotTheHolder() {
    LockHolder me = LockHolder.self();
    org.junit.jupiter.api.Assumptions.assumeTrue(me.start().isPresent(), "this platform reports no process start time");
    LockHolder earlier = new LockHolder(me.host(), me.pid(), Optional.of(Instant.parse("2000-01-01T00:00:00Z")));
    assertThat(earlier.liveness()).isEqualTo(LockHolder.Liveness.DEAD);
  }

  @Test
  void aHolderOnAnotherHostCannotBeToldAndCountsAsPossiblyLive() {
    LockHolder elsewhere = new LockHolder("some-other-host.example", 1, Optional.of(Instant.EPOCH));
    assertThat(elsewhere.liveness()).isEqualTo(LockHolder.Liveness.UNKNOWN);
    assertThat(new LockRecord("r", Optional.of(elsewhere), false).describe()).contains("cannot be checked from host").contains("possibly live");
  }

  @Test
  void aRecordWithoutHolderDetailsCountsAsPossiblyLiveAndAnAbandonedOneAsGone() throws Exception {
    Path member = dir.resolve("h_1");
    Files.createDirectories(member);
    Files.createFile(member.resolve("old.lock")); // as an older Snapfork wrote them: empty
    LockLedger ledger = new LockLedger(dir);
    LockRecord old = ledger.entries("h:1").get(0);
    assertThat(old.holder()).isEmpty();
    assertThat(old.liveness()).isEqualTo(LockHolder.Liveness.UNKNOWN);

    ledger.abandon(ledger.file("h:1", "old"));
    assertThat(new LockLedger(dir).entries("h:1").get(0).liveness()).as("read back by another ledger (process)")
        .isEqualTo(LockHolder.Liveness.DEAD);
  }

  @Test
  void theTextFormRoundTrips() {
    LockHolder h = new LockHolder("host-a", 42, Optional.of(Instant.parse("2026-12-04T21:20:56.410Z")));
    assertThat(LockHolder.parse(h.format())).contains(h);
    assertThat(LockHolder.parse("pid=x\nhost=a")).isEmpty();
    assertThat(LockHolder.parse("")).isEmpty();
  }
}
