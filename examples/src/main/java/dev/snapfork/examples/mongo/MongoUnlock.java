package dev.snapfork.examples.mongo;

import dev.snapfork.ConfigurationException;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.Secret;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.List;

/**
 * Recovery for a MongoDB left fsync-locked (e.g. a process killed between quiesce and release):
 * the one place where {@code snapfork mongo unlock} reaches the MongoDB module.
 *
 * <p><b>TO WIRE (lead, after merging snapfork-mongo-consistency):</b> replace the body of
 * {@link #unlock} with a call to that module's recovery API (unlock the server at {@code uri};
 * with {@code force}, repeat {@code fsyncUnlock} until the lock count is 0) and return what it
 * reports. Keep the artifact check first so the error stays clear when the module is absent.
 */
public final class MongoUnlock {
  /** The artifact that provides the MongoDB hook and its recovery. */
  public static final String ARTIFACT = "dev.snapfork:snapfork-mongo-consistency";

  /** What an unlock did, printed by the command. */
  public record Outcome(int unlocks, int remainingLockCount, String detail) {}

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
   * Releases the fsync lock of the server at {@code uri}.
   *
   * @param force unlock repeatedly until no lock is left (locks taken by others are released too)
   * @throws ConfigurationException naming {@value #ARTIFACT} when the MongoDB module is not on the class path
   * @throws UnsupportedCapabilityException until the recovery is wired to the MongoDB module
   */
  public Outcome unlock(Secret uri, boolean force) {
    requireModule();
    throw new dev.snapfork.BackendFailureException(
        "mongo unlock is not wired to " + ARTIFACT + "'s recovery API in this build", null);
  }

  /**
   * Checks that the MongoDB module is on the class path.
   *
   * @throws ConfigurationException naming {@value #ARTIFACT} when it is not
   */
  public void requireModule() {
    boolean present = hookFactories.stream().anyMatch(f -> f.name().equals("mongo"));
    if (!present) {
      throw new ConfigurationException("snapfork.hook.mongo",
          "mongo unlock needs the MongoDB hook, which is not on the class path; add the artifact " + ARTIFACT);
    }
  }
}
