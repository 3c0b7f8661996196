package dev.snapfork.mongo;

import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The main class of a real child JVM that plays a Snapfork process holding a lock: it quiesces
 * the hook against the test's server over loopback (which writes its lock record), prints
 * {@code LOCKED <pid>} and then holds the lock until its standard input closes (then releases and
 * exits 0), or until the test kills it ({@code destroyForcibly}, as kill -9 would).
 *
 * <p>Arguments: connection string, ledger directory, request id, and optionally {@code join}
 * (join-existing-lock=true).
 */
public final class LockHolderChild {
  private LockHolderChild() {}

  public static void main(String[] args) throws Exception {
    MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(args[0], Path.of(args[1]))
        .joinExistingLock(args.length > 3 && args[3].equals("join")).build());
    QuiesceHandle handle = hook.quiesce(new QuiesceContext(args[2], List.of(VolumeRef.of("data")), Duration.ofSeconds(10)));
    System.out.println("LOCKED " + ProcessHandle.current().pid());
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the lock until stdin closes
    }
    handle.release();
    hook.close();
    System.out.println("RELEASED");
    System.out.flush();
    System.exit(0);
  }
}
