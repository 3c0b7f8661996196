package dev.snapfork.csi;

import dev.snapfork.csi.internal.model.SnapshotError;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotContent;
import dev.snapfork.csi.internal.model.VolumeSnapshotContentSpec;
import dev.snapfork.csi.internal.model.VolumeSnapshotStatus;
import dev.snapfork.csi.internal.GroupApiDiscovery;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashMap;
import java.util.List;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A small stand-in for the external-snapshotter in test code: watches VolumeSnapshots on the mock
 * API server and, after configurable delays, binds a VolumeSnapshotContent and sets
 * {@code creationTime} and {@code restoreSize} (the cut), then {@code readyToUse}, or sets
 * {@code status.error}. A snapshot's label {@value #BEHAVIOR} picks the script: {@code normal},
 * {@code never-ready}, {@code fail-after-cut}, {@code fail-before-cut}, {@code retain} (content
 * with deletionPolicy Retain), {@code retain-managed} (the same, content labelled as Snapfork's).
 *
 * <p>With {@link #serveGroups} it also plays the group snapshot controller: for each new
 * VolumeGroupSnapshot it creates one member VolumeSnapshot per PVC matching
 * {@code spec.source.selector.matchLabels} (owned by the group, {@code status.volumeGroupSnapshotName}
 * set, no labels copied), lets them be cut like any snapshot, then sets the group's
 * {@code status.creationTime} and {@code readyToUse}. A group whose selector holds {@value #BEHAVIOR}{@code =fail-group}
 * gets {@code status.error} instead (when that label is part of the group's selector).
 *
 * <p>As the real snapshot controller does (shared/reference/csi-snapshot.md, "The real snapshot
 * controller adds finalizers to a bound VolumeSnapshot and its content, so a deleted snapshot
 * lingers with metadata.deletionTimestamp set until the content is gone"), it puts the
 * finalizers {@value #BOUND_FINALIZER} and {@value #SOURCE_FINALIZER} on a snapshot when it binds
 * its content; when such a snapshot is deleted, the API server only marks it
 * ({@code deletionTimestamp}), and the controller removes the content and then the finalizers
 * after {@link #deleteDelay}, or not at all while {@link #holdDeletes} is on.
 *
 * <p>Every write it makes runs under {@link #exclusive}, so a test can close a watch while the
 * controller is guaranteed not to be writing (the mock server can stall for ~30 s when a watch
 * closes during a write).
 */
final class SimulatedSnapshotController implements AutoCloseable {
  static final String BEHAVIOR = "sim.snapfork.dev/behavior";
  /** Finalizer the external-snapshotter puts on a bound VolumeSnapshot. */
  static final String BOUND_FINALIZER = "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection";
  /** Finalizer the external-snapshotter puts on a VolumeSnapshot that may be a restore source. */
  static final String SOURCE_FINALIZER = "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection";

  private final KubernetesClient client;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "sim-snapshot-controller");
    t.setDaemon(true);
    return t;
  });
  private final Object lock = new Object();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile Duration cutDelay = Duration.ofMillis(20);
  private volatile Duration readyDelay = Duration.ofMillis(40);
  private volatile boolean paused;
  private volatile Duration deleteDelay = Duration.ofMillis(30);
  private volatile boolean holdDeletes;
  private final Set<String> releasing = ConcurrentHashMap.newKeySet();
  private final AtomicInteger groups = new AtomicInteger();
  private Watch watch;
  private Watch groupWatch;

  SimulatedSnapshotController(KubernetesClient client) {
    this.client = client;
  }

  void start() {
    watch = client.resources(VolumeSnapshot.class).inAnyNamespace().watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, VolumeSnapshot vs) {
        String key = vs.getMetadata().getNamespace() + "/" + vs.getMetadata().getName();
        if (action == Action.ADDED && seen.add(key)) {
          executor.schedule(() -> cut(vs), cutDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (action == Action.MODIFIED && vs.getMetadata().getDeletionTimestamp() != null && !holdDeletes
            && vs.getMetadata().getFinalizers() != null && !vs.getMetadata().getFinalizers().isEmpty()
            && releasing.add(key + "@" + vs.getMetadata().getUid())) {
          executor.schedule(() -> finishDelete(vs.getMetadata().getNamespace(), vs.getMetadata().getName()),
              deleteDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  /** Serves VolumeGroupSnapshots of {@code groupsnapshot.storage.k8s.io/<version>}. */
  void serveGroups(String version) {
    ResourceDefinitionContext ctx = GroupApiDiscovery.context(version);
    groupWatch = client.genericKubernetesResources(ctx).inAnyNamespace().watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource g) {
        if (action == Action.ADDED && seen.add("group:" + g.getMetadata().getNamespace() + "/" + g.getMetadata().getName())) {
          executor.schedule(() -> cutGroup(ctx, g), cutDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  /** How long a deleted snapshot lingers (deletionTimestamp set) before its finalizers are removed. */
  void deleteDelay(Duration delay) {
    this.deleteDelay = delay;
  }

  /**
   * While on, deleted snapshots keep their finalizers and linger as "being deleted" (a stuck
   * driver); turning it off releases the ones deleted meanwhile.
   */
  void holdDeletes(boolean hold) {
    this.holdDeletes = hold;
    if (!hold) {
      for (VolumeSnapshot vs : client.resources(VolumeSnapshot.class).inAnyNamespace().list().getItems()) {
        if (vs.getMetadata().getDeletionTimestamp() != null) {
          executor.execute(() -> finishDelete(vs.getMetadata().getNamespace(), vs.getMetadata().getName()));
        }
      }
    }
  }

  /** Deletes the bound content (deletionPolicy Delete), then removes the snapshot's finalizers. */
  private void finishDelete(String ns, String name) {
    synchronized (lock) {
      if (holdDeletes) {
        return;
      }
      VolumeSnapshot current = client.resources(VolumeSnapshot.class).inNamespace(ns).withName(name).get();
      if (current == null || current.getMetadata().getDeletionTimestamp() == null) {
        return;
      }
      String contentName = current.getStatus() == null ? null : current.getStatus().getBoundVolumeSnapshotContentName();
      if (contentName != null) {
        VolumeSnapshotContent content = client.resources(VolumeSnapshotContent.class).withName(contentName).get();
        if (content != null && content.getSpec() != null && "Delete".equals(content.getSpec().getDeletionPolicy())) {
          client.resources(VolumeSnapshotContent.class).withName(contentName).delete();
        }
      }
      current.getMetadata().setFinalizers(new java.util.ArrayList<>());
      try {
        client.resources(VolumeSnapshot.class).inNamespace(ns).resource(current).update();
      } catch (RuntimeException e) {
        // gone meanwhile
      }
    }
  }

  /** How many VolumeGroupSnapshots were turned into member snapshots. */
  int groupsCut() {
    return groups.get();
  }

  private void cutGroup(ResourceDefinitionContext ctx, GenericKubernetesResource g) {
    String ns = g.getMetadata().getNamespace();
    String name = g.getMetadata().getName();
    Map<String, String> selector = g.get("spec", "source", "selector", "matchLabels");
    if ("fail-group".equals(selector.get(BEHAVIOR))) {
      writeGroupStatus(ctx, ns, name, Map.of("error", Map.of("message", "rpc error: code = Internal desc = group cut failed",
          "time", Instant.now().toString())));
      return;
    }
    List<PersistentVolumeClaim> pvcs = client.persistentVolumeClaims().inNamespace(ns).withLabels(selector).list().getItems();
    List<String> members = new java.util.ArrayList<>();
    synchronized (lock) {
      for (PersistentVolumeClaim pvc : pvcs) {
        String member = "snapshot-" + Integer.toHexString(name.hashCode()) + "-" + pvc.getMetadata().getName();
        VolumeSnapshot vs = new VolumeSnapshot();
        vs.setMetadata(new ObjectMetaBuilder().withName(member).withNamespace(ns)
            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(g.getApiVersion()).withKind(g.getKind())
                .withName(name).withUid(g.getMetadata().getUid()).build())
            .build());
        dev.snapfork.csi.internal.model.VolumeSnapshotSpec spec = new dev.snapfork.csi.internal.model.VolumeSnapshotSpec();
        dev.snapfork.csi.internal.model.VolumeSnapshotSpec.Source src = new dev.snapfork.csi.internal.model.VolumeSnapshotSpec.Source();
        src.setPersistentVolumeClaimName(pvc.getMetadata().getName());
        spec.setSource(src);
        vs.setSpec(spec);
        client.resources(VolumeSnapshot.class).inNamespace(ns).resource(vs).create();
        edit(ns, member, s -> {
          s.setVolumeGroupSnapshotName(name);
          return s;
        });
        members.add(member);
      }
      groups.incrementAndGet();
    }
    executor.schedule(() -> finishGroup(ctx, ns, name, members), cutDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void finishGroup(ResourceDefinitionContext ctx, String ns, String name, List<String> members) {
    boolean allCut = members.stream().allMatch(m -> {
      VolumeSnapshot vs = client.resources(VolumeSnapshot.class).inNamespace(ns).withName(m).get();
      return vs != null && vs.getStatus() != null && vs.getStatus().getCreationTime() != null;
    });
    if (!allCut) {
      executor.schedule(() -> finishGroup(ctx, ns, name, members), 10, TimeUnit.MILLISECONDS);
      return;
    }
    writeGroupStatus(ctx, ns, name, Map.of("creationTime", Instant.now().toString(), "readyToUse", true));
  }

  private void writeGroupStatus(ResourceDefinitionContext ctx, String ns, String name, Map<String, Object> status) {
    synchronized (lock) {
      GenericKubernetesResource current = client.genericKubernetesResources(ctx).inNamespace(ns).withName(name).get();
      if (current == null) {
        return;
      }
      current.setAdditionalProperty("status", new HashMap<>(status));
      client.genericKubernetesResources(ctx).inNamespace(ns).resource(current).update();
    }
  }

  /** Delays from creation to the cut, and from the cut to readiness. */
  void delays(Duration cut, Duration ready) {
    this.cutDelay = cut;
    this.readyDelay = ready;
  }

  /** While paused, snapshots are not cut (they stay without status). */
  void paused(boolean paused) {
    this.paused = paused;
  }

  int cuts() {
    return cuts.get();
  }

  /** Runs {@code r} while the controller makes no API writes. */
  void exclusive(Runnable r) {
    synchronized (lock) {
      r.run();
    }
  }

  private String behavior(VolumeSnapshot vs) {
    Map<String, String> labels = vs.getMetadata().getLabels();
    return labels == null ? "normal" : labels.getOrDefault(BEHAVIOR, "normal");
  }

  private void cut(VolumeSnapshot vs) {
    if (paused) {
      executor.schedule(() -> cut(vs), 10, TimeUnit.MILLISECONDS);
      return;
    }
    String ns = vs.getMetadata().getNamespace();
    String name = vs.getMetadata().getName();
    String behavior = behavior(vs);
    synchronized (lock) {
      if (behavior.equals("fail-before-cut")) {
        edit(ns, name, s -> {
          s.setError(error("rpc error: code = Internal desc = the driver could not cut " + name));
          return s;
        });
        return;
      }
      String pvcName = vs.getSpec().getSource().getPersistentVolumeClaimName();
      PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ns).withName(pvcName).get();
      Quantity size = pvc == null ? new Quantity("1Gi") : pvc.getSpec().getResources().getRequests().get("storage");
      String contentName = "snapcontent-" + vs.getMetadata().getUid();
      VolumeSnapshotContent content = new VolumeSnapshotContent();
      ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(contentName);
      if (behavior.equals("retain-managed")) {
        meta.withLabels(Map.of("snapfork.dev/managed-by", "snapfork"));
      }
      content.setMetadata(meta.build());
      VolumeSnapshotContentSpec spec = new VolumeSnapshotContentSpec();
      spec.setDriver("sim.csi.snapfork.dev");
      spec.setDeletionPolicy(behavior.startsWith("retain") ? "Retain" : "Delete");
      spec.setSource(Map.of("volumeHandle", "vol-" + pvcName));
      spec.setVolumeSnapshotRef(new ObjectReferenceBuilder().withKind("VolumeSnapshot").withNamespace(ns).withName(name).build());
      content.setSpec(spec);
      client.resources(VolumeSnapshotContent.class).resource(content).create();
      VolumeSnapshot updated = edit(ns, name, true, s -> {
        s.setBoundVolumeSnapshotContentName(contentName);
        s.setCreationTime(Instant.now().toString());
        s.setRestoreSize(size);
        s.setReadyToUse(false);
        return s;
      });
      if (updated == null) {
        return;
      }
      cuts.incrementAndGet();
    }
    switch (behavior) {
      case "never-ready":
        return;
      case "fail-after-cut":
        executor.schedule(() -> write(ns, name, s -> {
          s.setError(error("rpc error: code = ResourceExhausted desc = snapshot quota exceeded for " + name));
          return s;
        }), readyDelay.toMillis(), TimeUnit.MILLISECONDS);
        return;
      default:
        executor.schedule(() -> write(ns, name, s -> {
          s.setReadyToUse(true);
          return s;
        }), readyDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void write(String ns, String name, UnaryOperator<VolumeSnapshotStatus> change) {
    synchronized (lock) {
      edit(ns, name, change);
    }
  }

  private VolumeSnapshot edit(String ns, String name, UnaryOperator<VolumeSnapshotStatus> change) {
    return edit(ns, name, false, change);
  }

  /** Updates the status; {@code bind} also adds the finalizers the real controller puts on a bound snapshot. */
  private VolumeSnapshot edit(String ns, String name, boolean bind, UnaryOperator<VolumeSnapshotStatus> change) {
    VolumeSnapshot current = client.resources(VolumeSnapshot.class).inNamespace(ns).withName(name).get();
    if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    if (bind) {
      List<String> finalizers = new java.util.ArrayList<>(
          current.getMetadata().getFinalizers() == null ? List.of() : current.getMetadata().getFinalizers());
      for (String f : List.of(SOURCE_FINALIZER, BOUND_FINALIZER)) {
        if (!finalizers.contains(f)) {
          finalizers.add(f);
        }
      }
      current.getMetadata().setFinalizers(finalizers);
    }
    VolumeSnapshotStatus status = current.getStatus() == null ? new VolumeSnapshotStatus() : current.getStatus();
    current.setStatus(change.apply(status));
    try {
      return client.resources(VolumeSnapshot.class).inNamespace(ns).resource(current).update();
    } catch (RuntimeException e) {
      return null; // deleted meanwhile
    }
  }

  private static SnapshotError error(String message) {
    SnapshotError e = new SnapshotError();
    e.setMessage(message);
    e.setTime(Instant.now().toString());
    return e;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      if (watch != null) {
        watch.close();
      }
      if (groupWatch != null) {
        groupWatch.close();
      }
    }
  }
}
