package dev.snapfork.internal.local;

import dev.snapfork.ForkRequest;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.CopyMode;
import java.nio.file.Path;

/**
 * Run in a child JVM by the crash tests, to be killed half-way through a request: opens the
 * local root {@code args[1]} with a {@link HaltingCopier}, then
 * <ul>
 *   <li>{@code snapshot ROOT REQUEST-ID}: snapshots volume {@code db} as {@code cut}, halting in
 *       the copy (the snapshot's temp, build lock and request-index entry exist);
 *   <li>{@code fork ROOT REQUEST-ID TARGET}: forks volume {@code db} to {@code TARGET} through the
 *       Snapshotter, halting in the clone's copy (the source snapshot {@code TARGET-src} is
 *       published, the clone's temp and metadata exist).
 * </ul>
 * It prints {@code halted} when it is there, and waits to be killed.
 */
public final class KilledRequestMain {
  private KilledRequestMain() {}

  public static void main(String[] args) {
    Path root = Path.of(args[1]);
    String requestId = args[2];
    if (args[0].equals("snapshot")) {
      LocalEngine engine = LocalEngine.open(root, CopyMode.COPY, real -> new HaltingCopier(real, 1));
      engine.create(SnapshotRequest.builder(VolumeRef.of("db")).name("cut").requestId(requestId).build());
    } else {
      LocalEngine engine = LocalEngine.open(root, CopyMode.COPY, real -> new HaltingCopier(real, 2));
      Snapshotter.builder(engine).build()
          .fork(ForkRequest.builder(VolumeRef.of("db"), args[3]).requestId(requestId).build());
    }
    throw new AssertionError("the halting copier never returns");
  }
}
