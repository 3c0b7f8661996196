package dev.snapfork.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.examples.cli.internal.Printer;
import dev.snapfork.examples.cli.internal.Redactor;
import dev.snapfork.examples.mongo.MongoUnlock;
import dev.snapfork.mongo.RecoveryResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --help} footer's layout and what {@code mongo unlock} prints. */
class HelpAndUnlockOutputTest {
  @TempDir Path root;

  @Test
  void theHelpFooterBreaksLinesOnlyBetweenExitCodes() {
    CliRunner.Result r = new CliRunner(root).raw("--help");
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("Exit codes:")).findFirst().orElseThrow());
    List<String> footer = lines.subList(start, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    assertThat(footer).as("every line ends after a whole entry").allSatisfy(l -> assertThat(l.strip()).matches(".*[,.]"));
    assertThat(footer).as("and starts with one").allSatisfy(l -> assertThat(l.strip()).matches("(Exit codes: )?\\d+ .*"));
    assertThat(String.join(" ", footer)).contains("4 permission denied", "10 pipeline tests failed", "130 interrupted.");
  }

  private static String printed(MongoUnlock.Outcome o) {
    StringWriter out = new StringWriter();
    new Printer(new PrintWriter(out), OutputFormat.table, new Redactor()).one(MongoCommand.Unlock.row(o));
    return out.toString();
  }

  @Test
  void unlockOfAServerThatIsNotLockedPrintsNoLockCountOfMinusOne() {
    // what the MongoDB hook's recovery returns for a server that is not write-locked
    RecoveryResult notLocked = new RecoveryResult("127.0.0.1:27017", false, 0, -1, List.of(),
        "MongoDB 127.0.0.1:27017 is not write-locked; nothing to unlock");
    String out = printed(MongoUnlock.Outcome.of(notLocked));
    assertThat(out).doesNotContain("-1").containsPattern("locked:\\s+false").containsPattern("remainingLockCount:\\s+0")
        .contains("is not write-locked");
  }

  @Test
  void unlockThatIssuedNothingOnALockedServerLeavesTheUnknownCountOut() {
    RecoveryResult someoneElses = new RecoveryResult("127.0.0.1:27017", true, 0, -1, List.of(),
        "MongoDB 127.0.0.1:27017 is write-locked but no Snapfork lock record exists for it");
    String out = printed(MongoUnlock.Outcome.of(someoneElses));
    assertThat(out).doesNotContain("-1").doesNotContain("remainingLockCount").containsPattern("locked:\\s+true");
    RecoveryResult unlocked = new RecoveryResult("127.0.0.1:27017", true, 1, 0, List.of("r1"), "issued 1 fsyncUnlock(s)");
    assertThat(printed(MongoUnlock.Outcome.of(unlocked))).containsPattern("unlocks:\\s+1").containsPattern("remainingLockCount:\\s+0");
  }
}
