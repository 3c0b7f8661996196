package dev.snapfork.csi.internal;

import dev.snapfork.SnapshotException;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch on the VolumeSnapshots of one namespace, shared by every waiter in it. Opened lazily
 * by the first waiter; when the server ends it (410 Gone after the resource version expired, or
 * any other error), it is re-opened and the namespace re-listed once, so that changes missed
 * while it was down are seen. A watch that ends while nobody waits stays closed until the next
 * waiter.
 */
final class NamespaceWatch implements Watcher<VolumeSnapshot> {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatch.class);

  private final String namespace;
  private final MixedOperation<VolumeSnapshot, KubernetesResourceList<VolumeSnapshot>, Resource<VolumeSnapshot>> ops;
  private final Calls calls;
  private final ScheduledExecutorService executor;
  private final Backoff reconnect;
  private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private Watch watch;
  private boolean closed;
  private int failedResyncs;

  NamespaceWatch(String namespace,
      MixedOperation<VolumeSnapshot, KubernetesResourceList<VolumeSnapshot>, Resource<VolumeSnapshot>> ops,
      Calls calls, ScheduledExecutorService executor, Backoff reconnect) {
    this.namespace = namespace;
    this.ops = ops;
    this.calls = calls;
    this.executor = executor;
    this.reconnect = reconnect;
  }

  void add(String name, Waiter w) {
    waiters.computeIfAbsent(name, k -> new CopyOnWriteArraySet<>()).add(w);
  }

  void remove(String name, Waiter w) {
    waiters.computeIfPresent(name, (k, set) -> {
      set.remove(w);
      return set.isEmpty() ? null : set;
    });
  }

  /** Opens the watch if it is not open. @throws SnapshotException when the watch cannot be opened */
  synchronized void ensureWatching() {
    if (closed) {
      throw new SnapshotException("the csi provider is closed");
    }
    if (watch == null) {
      watch = calls.run(new ApiCall("watch", "volumesnapshots", "snapshot.storage.k8s.io", "snapshot", namespace, null),
          () -> ops.inNamespace(namespace).watch(this));
    }
  }

  @Override
  public void eventReceived(Action action, VolumeSnapshot vs) {
    if (vs == null || vs.getMetadata() == null) {
      return;
    }
    Set<Waiter> set = waiters.get(vs.getMetadata().getName());
    if (set == null) {
      return;
    }
    for (Waiter w : set) {
      if (action == Action.DELETED) {
        w.gone();
      } else if (action == Action.ADDED || action == Action.MODIFIED) {
        w.offer(vs);
      }
    }
  }

  @Override
  public void onClose() {
    // Closed by us.
  }

  @Override
  public void onClose(WatcherException cause) {
    synchronized (this) {
      watch = null;
      if (closed) {
        return;
      }
    }
    LOG.debug("watch on volumesnapshots in {} ended ({}); re-watching and re-listing", namespace,
        cause.isHttpGone() ? "410 Gone" : cause.getMessage());
    schedule(0);
  }

  private void schedule(long delayMillis) {
    try {
      executor.schedule(this::resync, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The provider is closing.
    }
  }

  /** Re-opens the watch and re-lists, delivering the current state to every waiter. */
  private void resync() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (waiters.isEmpty()) {
        return; // re-opened lazily by the next waiter
      }
    }
    try {
      ensureWatching();
      KubernetesResourceList<VolumeSnapshot> list = calls.run(
          new ApiCall("list", "volumesnapshots", "snapshot.storage.k8s.io", "snapshot", namespace, null),
          () -> ops.inNamespace(namespace).list());
      Map<String, VolumeSnapshot> byName = new HashMap<>();
      for (VolumeSnapshot vs : list.getItems()) {
        byName.put(vs.getMetadata().getName(), vs);
      }
      for (Map.Entry<String, Set<Waiter>> e : List.copyOf(waiters.entrySet())) {
        VolumeSnapshot vs = byName.get(e.getKey());
        for (Waiter w : e.getValue()) {
          if (vs == null) {
            w.gone();
          } else {
            w.offer(vs);
          }
        }
      }
      failedResyncs = 0;
    } catch (SnapshotException e) {
      long delay = reconnect.delay(failedResyncs++).toMillis();
      LOG.debug("re-watch of volumesnapshots in {} failed ({}); again in {} ms", namespace, e.getMessage(), delay);
      synchronized (this) {
        if (watch != null) {
          watch.close();
          watch = null;
        }
      }
      schedule(delay);
    }
  }

  synchronized void close() {
    closed = true;
    if (watch != null) {
      Watch w = watch;
      watch = null;
      w.close();
    }
  }
}
