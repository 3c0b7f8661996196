package dev.snapfork.examples.mongo;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.ConfigView;
import dev.snapfork.mongo.MongoConsistencyHook;
import dev.snapfork.mongo.RecoveryResult;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.List;

/**
 * Recovery for a MongoDB left fsync-locked (e.g. a process killed between quiesce and release):
 * the one place where {@code snapfork mongo unlock} reaches the MongoDB module. The hook is built
 * by the module's own factory from {@code snapfork.hook.mongo.*}, so member selection and the lock
 * ledger are read exactly as the hook reads them; it then runs
 * {@link MongoConsistencyHook#recover(boolean)}.
 */
public final class MongoUnlock {
  /** The artifact that provides the MongoDB hook and its recovery. */
  public static final String ARTIFACT = "dev.snapfork:snapfork-mongo-consistency";

  /**
   * What an unlock did, printed by the command.
   *
   * @param locked whether the server reported itself write-locked before the unlock
   * @param unlocks how many {@code fsyncUnlock}s succeeded
   * @param remainingLockCount the server's lock count afterwards; 0 for a server that was not
   *     locked; empty when no unlock was issued on a locked server (its count is not known)
   * @param detail the member and what was (or was not) done
   */
  public record Outcome(boolean locked, int unlocks, java.util.OptionalInt remainingLockCount, String detail) {
    /**
     * Reads the MongoDB hook's recovery result. A server that was not write-locked holds no fsync
     * lock, so its count is 0; the hook's {@code -1} ("not reported") becomes empty.
     */
    public static Outcome of(RecoveryResult r) {
      java.util.OptionalInt remaining = !r.lockedBefore() ? java.util.OptionalInt.of(0)
          : r.remainingLockCount() < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(r.remainingLockCount());
      return new Outcome(r.lockedBefore(), r.unlocksIssued(), remaining, r.member() + ": " + r.note());
    }
  }

  private final List<? extends ConsistencyHookFactory> hookFactories;

  /** Uses the hook factories found on the class path. */
  public MongoUnlock() {
    this(Hooks.available());
  }

  /** Uses exactly these hook factories (tests). */
  public MongoUnlock(List<? extends ConsistencyHookFactory> hookFactories) {
    this.hookFactories = List.copyOf(hookFactories);
  }

  /**
   * Releases the fsync lock(s) Snapfork left on the configured member whose holder process is
   * gone; with {@code force}, every lock until the count is 0.
   *
   * @param config the keys under {@code snapfork.hook.mongo.} ({@code connection-string} required)
   * @param force unlock repeatedly until no lock is left (locks taken by others are released too)
   * @throws ConfigurationException naming {@value #ARTIFACT} when the MongoDB module is not on the
   *     class path, or naming the key when the configuration is invalid
   * @throws dev.snapfork.ConsistencyException without {@code force}, when a running (or
   *     uncheckable) Snapfork process holds the freeze: names it, unlocks nothing of it
   * @throws dev.snapfork.SnapshotException as the recovery reports (unreachable, permission)
   */
  public Outcome unlock(ConfigView config, boolean force) {
    ConsistencyHookFactory factory = requireModule();
    if (!(factory.create(config) instanceof MongoConsistencyHook hook)) {
      throw new ConfigurationException("snapfork.hook.mongo", "the hook named 'mongo' on the class path is not " + ARTIFACT + "'s");
    }
    return Outcome.of(hook.recover(force));
  }

  /**
   * Checks that the MongoDB module is on the class path.
   *
   * @return its hook factory
   * @throws ConfigurationException naming {@value #ARTIFACT} when it is not
   */
  public ConsistencyHookFactory requireModule() {
    return hookFactories.stream().filter(f -> f.name().equals(MongoConsistencyHook.NAME)).findFirst()
        .orElseThrow(() -> new ConfigurationException("snapfork.hook.mongo",
            "mongo unlock needs the MongoDB hook, which is not on the class path; add the artifact " + ARTIFACT));
  }
}
