package dev.snapfork.csi.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.NotFoundException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Waits for VolumeSnapshots to reach a condition (cut, ready) through one shared watch per
 * namespace instead of polling: a wait costs one GET (after the watch is open, so nothing falls
 * between the two) plus, for the first waiter in a namespace, the watch itself. Any number of
 * concurrent waits share the watch.
 */
public final class WatchHub implements AutoCloseable {
  private final MixedOperation<VolumeSnapshot, KubernetesResourceList<VolumeSnapshot>, Resource<VolumeSnapshot>> ops;
  private final Calls calls;
  private final Backoff reconnect;
  private final ScheduledExecutorService executor;
  private final Map<String, NamespaceWatch> watches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public WatchHub(MixedOperation<VolumeSnapshot, KubernetesResourceList<VolumeSnapshot>, Resource<VolumeSnapshot>> ops,
      Calls calls, Backoff reconnect) {
    this.ops = ops;
    this.calls = calls;
    this.reconnect = reconnect;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "snapfork-csi-watch");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Waits until the snapshot satisfies {@code condition}.
   *
   * @param what for messages, e.g. "ready"
   * @throws NotFoundException when it does not exist or is deleted while waiting
   * @throws SnapshotTimeoutException when {@code timeout} passes first
   */
  public VolumeSnapshot await(ObjectRef ref, Predicate<VolumeSnapshot> condition, Duration timeout, String what) {
    if (closed) {
      throw new SnapshotException("the csi provider is closed");
    }
    long start = System.nanoTime();
    NamespaceWatch nw = watches.computeIfAbsent(ref.namespace(), ns -> new NamespaceWatch(ns, ops, calls, executor, reconnect));
    Waiter w = new Waiter(ref.original(), condition);
    nw.add(ref.name(), w);
    try {
      nw.ensureWatching();
      VolumeSnapshot current = calls.run(
          new ApiCall("get", "volumesnapshots", "snapshot.storage.k8s.io", "snapshot", ref.namespace(), ref.original()),
          () -> ops.inNamespace(ref.namespace()).withName(ref.name()).get());
      if (current == null) {
        throw new NotFoundException("snapshot", ref.original());
      }
      w.offer(current);
      long left = timeout.toNanos() - (System.nanoTime() - start);
      return w.result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SnapshotTimeoutException("snapshot " + ref.original() + " not " + what + " after " + timeout,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SnapshotException se) {
        throw se;
      }
      throw new BackendFailureException("waiting for snapshot " + ref.original() + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while waiting for snapshot " + ref.original() + " to be " + what, e);
    } finally {
      nw.remove(ref.name(), w);
    }
  }

  /** Closes every watch. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (NamespaceWatch nw : watches.values()) {
      nw.close();
    }
    watches.clear();
    executor.shutdownNow();
  }
}
