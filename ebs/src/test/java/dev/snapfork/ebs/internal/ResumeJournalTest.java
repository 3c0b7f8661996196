package dev.snapfork.ebs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety of the download journal: it never claims a block before that block's data was forced. */
class ResumeJournalTest {
  private static final String SNAP = "snap-0123456789abcdef0";
  @TempDir Path dir;

  private Path target() throws IOException {
    Path t = dir.resolve("disk.img");
    Files.write(t, new byte[0]);
    return t;
  }

  /** What a download restarted after a crash at this moment would skip. */
  private static int durable(Path target) throws IOException {
    try (ResumeJournal reread = ResumeJournal.open(target, SNAP, true, 1000, channel(target), () -> {})) {
      int n = reread.doneCount();
      return n;
    }
  }

  private static FileChannel channel(Path target) throws IOException {
    return FileChannel.open(target, StandardOpenOption.WRITE);
  }

  @Test
  void recordedBlocksAreNotClaimedUntilACheckpointForcedTheData() throws IOException {
    Path target = target();
    List<String> events = new ArrayList<>();
    List<Integer> journaledAtForce = new ArrayList<>();
    ResumeJournal journal = ResumeJournal.open(target, SNAP, false, 4, channel(target), () -> {
      events.add("force-data");
      journaledAtForce.add(records(target));
    });
    for (int b = 0; b < 3; b++) {
      journal.record(b);
      events.add("record " + b);
    }
    assertThat(durable(target)).as("three blocks recorded, data not forced yet: nothing claimed").isZero();
    assertThat(events).doesNotContain("force-data");
    journal.record(3);
    assertThat(events).containsExactly("record 0", "record 1", "record 2", "force-data");
    assertThat(journaledAtForce).as("the journal held no record of the batch while its data was being forced").containsExactly(0);
    assertThat(durable(target)).as("after the checkpoint all four are claimed").isEqualTo(4);
    journal.record(7);
    assertThat(durable(target)).isEqualTo(4);
    journal.close();
    assertThat(events).containsExactly("record 0", "record 1", "record 2", "force-data", "force-data");
    assertThat(journaledAtForce).containsExactly(0, 4);
    assertThat(durable(target)).as("close checkpoints the rest").isEqualTo(5);
  }

  @Test
  void aFailedDataForceClaimsNothing() throws IOException {
    Path target = target();
    ResumeJournal journal = ResumeJournal.open(target, SNAP, false, 2, channel(target), () -> {
      throw new IOException("disk gone");
    });
    journal.record(0);
    assertThatIOException().isThrownBy(() -> journal.record(1)).withMessageContaining("disk gone");
    assertThat(durable(target)).isZero();
  }

  @Test
  void aTornLastRecordIsIgnoredAndCutOffSoLaterRecordsStayAligned() throws IOException {
    Path target = target();
    ByteBuffer torn = ByteBuffer.allocate(SNAP.length() + 1 + 4 * 2 + 2);
    torn.put((SNAP + "\n").getBytes(StandardCharsets.US_ASCII)).putInt(5).putInt(9).put((byte) 0).put((byte) 0);
    Files.write(ResumeJournal.pathFor(target), torn.array());

    ResumeJournal resumed = ResumeJournal.open(target, SNAP, true, 1, channel(target), () -> {});
    assertThat(resumed.doneCount()).isEqualTo(2);
    assertThat(resumed.isDone(5)).isTrue();
    assertThat(resumed.isDone(9)).isTrue();
    assertThat(resumed.isDone(0)).isFalse();
    resumed.record(12);
    resumed.close();

    try (ResumeJournal again = ResumeJournal.open(target, SNAP, true, 1, channel(target), () -> {})) {
      assertThat(again.doneCount()).isEqualTo(3);
      assertThat(again.isDone(12)).isTrue();
      assertThat(again.isDone(0)).as("no garbage index from a misaligned append").isFalse();
    }
    assertThat(Files.size(ResumeJournal.pathFor(target))).isEqualTo(SNAP.length() + 1 + 4 * 3);
  }

  @Test
  void aJournalOfAnotherSnapshotOrWithoutResumeStartsFresh() throws IOException {
    Path target = target();
    try (ResumeJournal j = ResumeJournal.open(target, SNAP, false, 1, channel(target), () -> {})) {
      j.record(1);
    }
    try (ResumeJournal other = ResumeJournal.open(target, "snap-0fedcba9876543210", true, 1, channel(target), () -> {})) {
      assertThat(other.doneCount()).isZero();
    }
    try (ResumeJournal fresh = ResumeJournal.open(target, SNAP, false, 1, channel(target), () -> {})) {
      assertThat(fresh.doneCount()).isZero();
    }
  }

  @Test
  void finishDeletesTheJournalAndLaterRecordsFail() throws IOException {
    Path target = target();
    ResumeJournal j = ResumeJournal.open(target, SNAP, false);
    j.record(0);
    j.finish();
    assertThat(ResumeJournal.pathFor(target)).doesNotExist();
    assertThatIOException().isThrownBy(() -> j.record(1));
    j.close();
    assertThat(ResumeJournal.pathFor(target)).doesNotExist();
  }

  /** Whole records in the journal file now. */
  private static int records(Path target) {
    try {
      return (int) ((Files.size(ResumeJournal.pathFor(target)) - SNAP.length() - 1) / 4);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
