package dev.snapfork.internal.orchestrator;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.ConsistencyPolicy;
import dev.snapfork.SnapshotListener;
import dev.snapfork.SnapshotProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** Everything one orchestration needs from its {@link dev.snapfork.Snapshotter}. */
public record OrchestratorSettings(
    SnapshotProvider provider,
    List<ConsistencyHook> hooks,
    Duration maxFreeze,
    Duration quiesceTimeout,
    Duration cutTimeout,
    Duration readyTimeout,
    ConsistencyPolicy policy,
    SnapshotListener listener,
    ExecutorService executor,
    ScheduledExecutorService scheduler) {}
