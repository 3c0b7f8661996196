package dev.snapfork.testkit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What one compatibility-kit test works with: the provider under test, fresh source volumes from
 * the fixture, unique names, and helpers that remember what the test created so it is deleted
 * afterwards (clones, then snapshots, then source volumes; best effort). Every created object
 * carries a {@link #scopeLabel() label unique to the test}, so listings can be narrowed to this
 * test's objects on a backend shared with others.
 *
 * <p>Capability and fixture checks ({@link #requireCapability}, {@link #requireData}) skip the
 * current test through a JUnit assumption whose message names what is missing. Helpers throw
 * whatever the provider throws.
 */
public final class KitContext implements AutoCloseable {
  /** Key of the label that scopes a test's objects. */
  public static final String SCOPE_LABEL = "kit.snapfork.dev/test-run";

  private final SnapshotProviderCompatibilityKit fixture;
  private final SnapshotProvider provider;
  private final String runId;
  private final AtomicInteger counter = new AtomicInteger();
  private final List<VolumeRef> sources = Collections.synchronizedList(new ArrayList<>());
  private final List<String> snapshots = Collections.synchronizedList(new ArrayList<>());
  private final List<VolumeRef> clones = Collections.synchronizedList(new ArrayList<>());

  KitContext(SnapshotProviderCompatibilityKit fixture) {
    this.fixture = fixture;
    this.runId = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    this.provider = fixture.createProvider();
    if (provider == null) {
      throw new IllegalStateException("createProvider() returned null");
    }
  }

  /** The provider under test. */
  public SnapshotProvider provider() {
    return provider;
  }

  /** A second, independent provider from the fixture; the caller closes it. */
  public SnapshotProvider newProvider() {
    return fixture.createProvider();
  }

  /** A name unique to this test run: lower-case letters, digits and '-', at most 40 characters. */
  public String uniqueName(String prefix) {
    return "kit-" + prefix + "-" + runId + "-" + counter.incrementAndGet();
  }

  /** The label (key {@value #SCOPE_LABEL}) every object this test creates carries. */
  public String scopeValue() {
    return "r" + runId;
  }

  /** A filter for this test's snapshots of {@code source}. */
  public SnapshotFilter scoped(VolumeRef source) {
    return SnapshotFilter.ofSource(source).withLabel(SCOPE_LABEL, scopeValue());
  }

  /** A fresh, unmanaged source volume from the fixture; deleted after the test by the fixture. */
  public VolumeRef newSource() {
    VolumeRef ref = fixture.createSourceVolume(provider, uniqueName("src"));
    if (ref == null) {
      throw new IllegalStateException("createSourceVolume() returned null");
    }
    sources.add(ref);
    return ref;
  }

  /** Forgets a source volume the test deleted itself. */
  public void forgetSource(VolumeRef ref) {
    sources.remove(ref);
  }

  /** A request for a snapshot of {@code source} with a unique name and the scope label. */
  public SnapshotRequest.Builder request(VolumeRef source) {
    return SnapshotRequest.builder(source).name(uniqueName("snap")).label(SCOPE_LABEL, scopeValue());
  }

  /** Creates a snapshot and remembers it for cleanup. */
  public Snapshot create(SnapshotRequest request) {
    Snapshot s = provider.create(request);
    track(s);
    return s;
  }

  /** Creates a snapshot of {@code source} with a default request. */
  public Snapshot create(VolumeRef source) {
    return create(request(source).build());
  }

  /** Creates a snapshot of {@code source} and waits until it is ready. */
  public Snapshot createReady(VolumeRef source) {
    return awaitReady(create(source));
  }

  /** Remembers a snapshot for cleanup. */
  public void track(Snapshot snapshot) {
    if (!snapshots.contains(snapshot.id())) {
      snapshots.add(snapshot.id());
    }
  }

  /** Waits (up to the fixture's ready timeout) until the snapshot is ready. */
  public Snapshot awaitReady(Snapshot snapshot) {
    return provider.awaitReady(snapshot.id(), fixture.readyTimeout());
  }

  /** A clone request for {@code snapshot} with a unique target name and the scope label. */
  public CloneRequest.Builder cloneRequest(Snapshot snapshot) {
    return CloneRequest.builder(snapshot.id(), uniqueName("clone")).label(SCOPE_LABEL, scopeValue());
  }

  /** Clones and remembers the volume for cleanup. */
  public Volume clone(CloneRequest request) {
    Volume v = provider.createVolume(request);
    trackClone(v.ref());
    return v;
  }

  /** Clones {@code snapshot} with a default request. */
  public Volume clone(Snapshot snapshot) {
    return clone(cloneRequest(snapshot).build());
  }

  /** Remembers a clone for cleanup. */
  public void trackClone(VolumeRef ref) {
    if (!clones.contains(ref)) {
      clones.add(ref);
    }
  }

  /** Every snapshot passing {@code filter}, paged through {@link SnapshotProvider#stream}. */
  public List<Snapshot> listAll(SnapshotFilter filter) {
    return provider.stream(filter).collect(Collectors.toList());
  }

  /** The ids of {@link #listAll}. */
  public List<String> listIds(SnapshotFilter filter) {
    return listAll(filter).stream().map(Snapshot::id).toList();
  }

  /** An id no snapshot has, in the backend's format (from the fixture). */
  public String missingSnapshotId() {
    return fixture.missingSnapshotId();
  }

  /** A reference no volume has, in the backend's format (from the fixture). */
  public VolumeRef missingVolume() {
    return fixture.missingVolume();
  }

  /** The fixture's ready timeout. */
  public Duration readyTimeout() {
    return fixture.readyTimeout();
  }

  /** Skips the test unless the provider declares {@code capability}. */
  public void requireCapability(Capability capability) {
    assumeTrue(provider.supports(capability),
        () -> "provider '" + provider.name() + "' does not declare capability " + capability + "; test skipped");
  }

  /** Skips the test when the provider declares {@code capability} (tests of the unsupported path). */
  public void requireNoCapability(Capability capability) {
    assumeFalse(provider.supports(capability),
        () -> "provider '" + provider.name() + "' declares capability " + capability
            + "; the unsupported-capability path does not apply");
  }

  /** The fixture's {@link VolumeData}, or skips the test saying the fixture supplies none. */
  public VolumeData requireData() {
    Optional<VolumeData> data = fixture.volumeData(provider);
    assumeTrue(data.isPresent(),
        "the fixture supplies no VolumeData (override volumeData(provider)); data-level test skipped");
    return data.get();
  }

  /** A snapshot of {@code source} that will not be ready soon, or skips the test saying why. */
  public Snapshot requireSnapshotNotReadySoon(VolumeRef source) {
    Optional<Snapshot> s = fixture.cutSnapshotNotReadySoon(provider, request(source).build());
    assumeTrue(s.isPresent(), "the fixture cannot make a snapshot that stays pending "
        + "(override cutSnapshotNotReadySoon); await-deadline test skipped");
    track(s.get());
    return s.get();
  }

  /** A snapshot of {@code source} that will end FAILED, or skips the test saying why. */
  public Snapshot requireSnapshotThatFails(VolumeRef source) {
    Optional<Snapshot> s = fixture.cutSnapshotThatFails(provider, request(source).build());
    assumeTrue(s.isPresent(), "the fixture cannot make a snapshot that fails "
        + "(override cutSnapshotThatFails); failed-snapshot test skipped");
    track(s.get());
    return s.get();
  }

  /** {@code length} bytes of {@code text} repeated, for data tests. */
  public static byte[] payload(String text, int length) {
    byte[] unit = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = unit[i % unit.length];
    }
    return out;
  }

  /** Whether an object's labels carry this test's scope label. */
  public boolean inScope(java.util.Map<String, String> labels) {
    return scopeValue().equals(labels.get(SCOPE_LABEL)) && Labels.isManaged(labels);
  }

  /** Deletes what the test created (best effort), then closes the provider. */
  @Override
  public void close() {
    try {
      if (provider.supports(Capability.VOLUME_MANAGEMENT)) {
        for (VolumeRef ref : List.copyOf(clones)) {
          quietly(() -> provider.deleteVolume(ref, false));
        }
      }
      for (String id : List.copyOf(snapshots)) {
        quietly(() -> provider.delete(id));
      }
      for (VolumeRef ref : List.copyOf(sources)) {
        quietly(() -> fixture.deleteSourceVolume(provider, ref));
      }
    } finally {
      fixture.closeProvider(provider);
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      System.err.println("snapfork kit cleanup: " + e);
    }
  }
}
