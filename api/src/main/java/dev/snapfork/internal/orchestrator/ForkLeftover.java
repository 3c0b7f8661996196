package dev.snapfork.internal.orchestrator;

import dev.snapfork.Capability;
import dev.snapfork.ForkRequest;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.VolumeFilter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a fork cuts: removes the source snapshot an interrupted earlier fork to the same target
 * left behind, which would otherwise hold the name {@code <target>-src}.
 *
 * <p>A fork whose clone fails deletes its snapshot; a fork killed during its clone cannot. Its
 * snapshot is recognised by all of: managed, {@link Labels#ROLE} = {@link Labels#ROLE_FORK_SOURCE},
 * the name {@code <target>-src}, a request id other than this fork's (the same id is a retry,
 * which the provider's idempotency answers), and no managed volume carrying that request id (its
 * clone never came to exist). Such a snapshot is deleted: the re-run finishes the rollback the
 * killed run could not do, then cuts afresh (a fork is of the source as it is now, so the old cut
 * is not reused). Anything else under that name is left alone and the provider's conflict stands.
 * Without {@link Capability#VOLUME_MANAGEMENT} the clone cannot be looked for, so nothing is
 * replaced.
 */
final class ForkLeftover {
  private static final Logger LOG = LoggerFactory.getLogger(ForkLeftover.class);

  private final SnapshotProvider provider;

  ForkLeftover(SnapshotProvider provider) {
    this.provider = provider;
  }

  /**
   * Deletes the leftover source snapshot named {@code snapshotName} of an interrupted fork, if any.
   *
   * @throws SnapshotException when the leftover cannot be deleted (naming it and how to remove it)
   */
  void replace(ForkRequest fork, String snapshotName) {
    if (!provider.supports(Capability.VOLUME_MANAGEMENT)) {
      return;
    }
    Optional<Snapshot> leftover;
    try (var all = provider.stream(SnapshotFilter.managed().withLabel(Labels.ROLE, Labels.ROLE_FORK_SOURCE))) {
      leftover = all.filter(s -> s.name().equals(snapshotName)).findFirst();
    }
    if (leftover.isEmpty()) {
      return;
    }
    Snapshot s = leftover.get();
    String earlier = s.labels().get(Labels.REQUEST_ID);
    if (earlier == null || earlier.equals(fork.requestId())) {
      return;
    }
    boolean cloned;
    try (var volumes = provider.streamVolumes(VolumeFilter.managed().withLabel(Labels.REQUEST_ID, earlier))) {
      cloned = volumes.findAny().isPresent();
    }
    if (cloned) {
      return; // the earlier fork's clone exists: not a leftover, the provider reports the conflict
    }
    LOG.warn("fork to {}: replacing snapshot {} ({}), the source snapshot left by an interrupted fork (request {})",
        fork.targetName(), s.name(), s.id(), earlier);
    try {
      provider.delete(s.id());
    } catch (SnapshotException e) {
      throw new SnapshotException("fork to " + fork.targetName() + ": snapshot " + s.name() + " (" + s.id()
          + ") is the leftover of an interrupted fork (request " + earlier + ") and could not be deleted: "
          + e.getMessage() + "; delete it with `snapfork snapshot delete " + s.id() + "`", e);
    }
  }
}
