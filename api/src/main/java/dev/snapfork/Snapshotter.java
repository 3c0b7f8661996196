package dev.snapfork;

import dev.snapfork.config.ConfigView;
import dev.snapfork.spi.Checks;
import dev.snapfork.internal.orchestrator.CleanupRunner;
import dev.snapfork.internal.orchestrator.ConsistentCut;
import dev.snapfork.internal.orchestrator.ForkRunner;
import dev.snapfork.internal.orchestrator.OrchestratorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns storage snapshots into application-consistent ones with the shortest write freeze:
 * quiesce every {@link ConsistencyHook} in order, cut, release in reverse order right after the
 * cut (never after readiness), then optionally wait until ready. Also forks (snapshot + clone in
 * one call) and cleans up expired managed objects.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every hook that quiesced is released exactly once, in reverse order, on every path:
 *       success, backend failure, backend hang, release failure, interrupt, timeout.
 *   <li>A watchdog releases the hooks {@code maxFreeze} after the first quiesce even when the cut
 *       hangs; a cut that completes after that is not application-consistent: it is deleted and
 *       the call fails with {@link ConsistencyException}, unless
 *       {@link ConsistencyPolicy#ALLOW_CRASH_CONSISTENT} keeps it as {@link Consistency#CRASH}.
 *   <li>When a quiesce fails, nothing is snapshotted (unless crash-consistent is allowed).
 *   <li>A group is never returned partially: when one cut fails, the others are deleted.
 * </ul>
 * Thread-safe; one instance serves concurrent calls. Close it to stop its threads.
 */
public final class Snapshotter implements AutoCloseable {
  /** Default {@link Builder#maxFreeze}. */
  public static final Duration DEFAULT_MAX_FREEZE = Duration.ofSeconds(10);
  /** Default {@link Builder#quiesceTimeout}. */
  public static final Duration DEFAULT_QUIESCE_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link Builder#cutTimeout}. */
  public static final Duration DEFAULT_CUT_TIMEOUT = Duration.ofMinutes(2);
  /** Default {@link Builder#readyTimeout}. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(30);

  private final SnapshotProvider provider;
  private final List<ConsistencyHook> hooks;
  private final OrchestratorSettings settings;
  private final Clock clock;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;

  private Snapshotter(Builder b) {
    this.provider = b.provider;
    this.hooks = List.copyOf(b.hooks);
    this.clock = b.clock;
    this.executor = Executors.newCachedThreadPool(daemonThreads("snapfork-cut"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("snapfork-watchdog"));
    this.settings = new OrchestratorSettings(provider, hooks, b.maxFreeze, b.quiesceTimeout, b.cutTimeout, b.readyTimeout,
        b.policy, b.listener, executor, scheduler);
  }

  /** Starts a Snapshotter over {@code provider} with no hooks and default limits. */
  public static Builder builder(SnapshotProvider provider) {
    return new Builder(provider);
  }

  /** The provider snapshots are cut with. */
  public SnapshotProvider provider() {
    return provider;
  }

  /** The hooks, in quiesce order. */
  public List<ConsistencyHook> hooks() {
    return hooks;
  }

  /** Consistent snapshot of one volume, returning at the cut. See {@link #snapshot(SnapshotRequest, SnapshotOptions)}. */
  public SnapshotResult snapshot(SnapshotRequest request) {
    return snapshot(request, SnapshotOptions.DEFAULTS);
  }

  /**
   * Consistent snapshot of one volume.
   *
   * @throws ConsistencyException when a hook could not quiesce (nothing was snapshotted) or the
   *     freeze was lifted before the cut (the snapshot was deleted), under the default policy
   * @throws ReleaseFailedException when a hook could not release after the cut (the snapshot is
   *     kept; the application may still be quiesced)
   * @throws SnapshotTimeoutException when the cut or the readiness wait timed out
   * @throws SnapshotException whatever the provider threw for the cut (hooks already released),
   *     or on interrupt (the interrupt flag is kept)
   */
  public SnapshotResult snapshot(SnapshotRequest request, SnapshotOptions options) {
    Checks.notNull("request", request);
    Checks.notNull("options", options);
    return new ConsistentCut(settings, request.requestId(), List.of(request), options).run();
  }

  /** Consistent group snapshot, returning at the cut. See {@link #snapshotGroup(List, SnapshotOptions)}. */
  public SnapshotResult snapshotGroup(List<SnapshotRequest> requests) {
    return snapshotGroup(requests, SnapshotOptions.DEFAULTS);
  }

  /**
   * Several volumes of one application, quiesced once and cut at one point: through the
   * provider's native group operation when it has {@link Capability#NATIVE_GROUP}, else
   * concurrently under one freeze. Every snapshot carries the group id as {@link Labels#GROUP_ID}.
   *
   * @throws InvalidRequestException when {@code requests} is empty or names a volume twice
   * @throws GroupSnapshotException when a cut failed (the others were deleted)
   * @throws ConsistencyException as for {@link #snapshot(SnapshotRequest, SnapshotOptions)}
   * @throws ReleaseFailedException as for {@link #snapshot(SnapshotRequest, SnapshotOptions)}
   * @throws SnapshotTimeoutException as for {@link #snapshot(SnapshotRequest, SnapshotOptions)}
   */
  public SnapshotResult snapshotGroup(List<SnapshotRequest> requests, SnapshotOptions options) {
    Checks.notNull("requests", requests);
    Checks.notNull("options", options);
    if (requests.isEmpty()) {
      throw new InvalidRequestException("requests", "must name at least one volume");
    }
    Set<VolumeRef> seen = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      SnapshotRequest r = Checks.notNull("requests[" + i + "]", requests.get(i));
      if (!seen.add(r.source())) {
        throw new InvalidRequestException("requests[" + i + "].source", "each volume may appear once in a group, got " + r.source() + " twice");
      }
    }
    String groupId = requests.size() == 1 ? requests.get(0).requestId() : "group-" + UUID.randomUUID();
    return new ConsistentCut(settings, groupId, new ArrayList<>(requests), options).run();
  }

  /**
   * Forks a volume: consistent snapshot, wait until ready, clone into a new writable volume. Both
   * objects carry the ownership label, the request id and the optional expiry. If waiting or
   * cloning fails, the snapshot is deleted and the error rethrown.
   *
   * @throws UnsupportedCapabilityException when the provider cannot clone (checked first)
   * @throws SnapshotException as for {@link #snapshot(SnapshotRequest, SnapshotOptions)}, or
   *     whatever the wait or the clone threw
   */
  public ForkResult fork(ForkRequest request) {
    Checks.notNull("request", request);
    if (!provider.supports(Capability.CLONE)) {
      throw new UnsupportedCapabilityException(provider.name(), Capability.CLONE);
    }
    return new ForkRunner(settings, clock).run(request);
  }

  /**
   * Deletes managed objects that have expired (or all managed objects when asked), volumes before
   * snapshots; never an object without the ownership label. A dry run reports without deleting.
   * Per-object failures are reported in the result, not thrown.
   *
   * @throws SnapshotException when listing fails
   */
  public CleanupReport cleanup(CleanupRequest request) {
    Checks.notNull("request", request);
    return new CleanupRunner(provider, clock).run(request);
  }

  /** Stops the Snapfork threads; does not close the provider (its owner does). */
  @Override
  public void close() {
    scheduler.shutdownNow();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures a {@link Snapshotter}; {@link #build()} validates. */
  public static final class Builder {
    private final SnapshotProvider provider;
    private final List<ConsistencyHook> hooks = new ArrayList<>();
    private Duration maxFreeze = DEFAULT_MAX_FREEZE;
    private Duration quiesceTimeout = DEFAULT_QUIESCE_TIMEOUT;
    private Duration cutTimeout = DEFAULT_CUT_TIMEOUT;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
    private ConsistencyPolicy policy = ConsistencyPolicy.REQUIRE_APPLICATION_CONSISTENT;
    private SnapshotListener listener = SnapshotListener.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder(SnapshotProvider provider) {
      this.provider = Checks.notNull("provider", provider);
    }

    /** Adds a hook; hooks quiesce in the order added and release in reverse. */
    public Builder hook(ConsistencyHook hook) {
      hooks.add(Checks.notNull("hook", hook));
      return this;
    }

    /** Adds hooks in order. */
    public Builder hooks(List<? extends ConsistencyHook> more) {
      Checks.notNull("hooks", more).forEach(this::hook);
      return this;
    }

    /** The longest the application may stay quiesced; the watchdog releases after it. */
    public Builder maxFreeze(Duration maxFreeze) {
      this.maxFreeze = Checks.positive("maxFreeze", maxFreeze);
      return this;
    }

    /** How long one hook's quiesce may take. */
    public Builder quiesceTimeout(Duration quiesceTimeout) {
      this.quiesceTimeout = Checks.positive("quiesceTimeout", quiesceTimeout);
      return this;
    }

    /** How long the cut (all volumes) may take before the call fails; late cuts are deleted. */
    public Builder cutTimeout(Duration cutTimeout) {
      this.cutTimeout = Checks.positive("cutTimeout", cutTimeout);
      return this;
    }

    /** Default wait for readiness. */
    public Builder readyTimeout(Duration readyTimeout) {
      this.readyTimeout = Checks.positive("readyTimeout", readyTimeout);
      return this;
    }

    public Builder policy(ConsistencyPolicy policy) {
      this.policy = Checks.notNull("policy", policy);
      return this;
    }

    public Builder listener(SnapshotListener listener) {
      this.listener = Checks.notNull("listener", listener);
      return this;
    }

    /** The clock expiries are computed with (tests). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * Reads the orchestrator keys under {@code snapfork.}: {@code max-freeze},
     * {@code quiesce-timeout}, {@code cut-timeout}, {@code ready-timeout} (durations) and
     * {@code keep-crash-consistent} (boolean).
     *
     * @throws ConfigurationException naming the key when a value is malformed
     */
    public Builder configure(ConfigView core) {
      maxFreeze = core.duration("max-freeze", maxFreeze);
      quiesceTimeout = core.duration("quiesce-timeout", quiesceTimeout);
      cutTimeout = core.duration("cut-timeout", cutTimeout);
      readyTimeout = core.duration("ready-timeout", readyTimeout);
      if (core.bool("keep-crash-consistent", policy == ConsistencyPolicy.ALLOW_CRASH_CONSISTENT)) {
        policy = ConsistencyPolicy.ALLOW_CRASH_CONSISTENT;
      }
      return this;
    }

    public Snapshotter build() {
      return new Snapshotter(this);
    }
  }
}
