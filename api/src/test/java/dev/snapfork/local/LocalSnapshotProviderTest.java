package dev.snapfork.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalSnapshotProviderTest {
  @TempDir Path root;
  LocalSnapshotProvider provider;
  VolumeRef vol;

  @BeforeEach
  void open() throws IOException {
    provider = LocalSnapshotProvider.open(root, CopyMode.AUTO);
    vol = provider.createEmptyVolume("db");
    Path dir = provider.volumePath(vol);
    Files.writeString(dir.resolve("a.txt"), "alpha");
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.writeString(dir.resolve("sub/deeper/b.txt"), "beta");
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void createGetListDelete() {
    Snapshot s = provider.create(SnapshotRequest.builder(vol).name("snap1").label("team", "x").build());

    assertThat(s.id()).isEqualTo("snap1");
    assertThat(s.state()).isEqualTo(SnapshotState.READY);
    assertThat(s.source()).isEqualTo(vol);
    assertThat(s.sizeBytes()).hasValue(9);
    assertThat(s.labels()).containsEntry("team", "x").containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .containsKey(Labels.REQUEST_ID);
    assertThat(s.attributes()).containsEntry(LocalSnapshotProvider.COPY_METHOD_ATTRIBUTE, provider.copyMethod().configValue());
    assertThat(provider.get("snap1")).isEqualTo(s);
    assertThat(provider.awaitReady("snap1", Duration.ofSeconds(1))).isEqualTo(s);
    assertThat(provider.list(SnapshotFilter.ALL, PageRequest.first()).items()).containsExactly(s);
    assertThat(root.resolve("snapshots/snap1/data/sub/deeper/b.txt")).hasContent("beta");

    assertThat(provider.delete("snap1")).isTrue();
    assertThat(provider.delete("snap1")).isFalse();
    assertThatThrownBy(() -> provider.get("snap1")).isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(((NotFoundException) e).id()).isEqualTo("snap1"));
    assertThatThrownBy(() -> provider.awaitReady("snap1", Duration.ofSeconds(1))).isInstanceOf(NotFoundException.class);
    assertThat(provider.list(SnapshotFilter.ALL, PageRequest.first()).items()).isEmpty();
    assertThat(root.resolve("snapshots")).isEmptyDirectory();
  }

  @Test
  void metadataIsWrittenBesideTheData() throws IOException {
    provider.create(SnapshotRequest.builder(vol).name("m1").requestId("req-m1").label("k", "v").build());
    Properties p = new Properties();
    try (var in = Files.newInputStream(root.resolve("snapshots/m1/snapshot.properties"))) {
      p.load(in);
    }
    assertThat(p).containsEntry("id", "m1").containsEntry("source", "db").containsEntry("state", "READY")
        .containsEntry("size", "9").containsEntry("copy-method", "copy").containsEntry("label.k", "v")
        .containsEntry("label." + Labels.REQUEST_ID, "req-m1").containsKey("cutAt");
  }

  @Test
  void generatedNameFollowsThePattern() {
    Snapshot s = provider.create(SnapshotRequest.of(vol));
    assertThat(s.id()).matches("db-\\d{8}-\\d{6}-[a-z0-9]{6}");
    assertThat(s.name()).isEqualTo(s.id());
  }

  @Test
  void snapshotIsUnchangedByLaterWritesAndKeepsTimesAndPermissions() throws IOException {
    Path dir = provider.volumePath(vol);
    FileTime old = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
    Files.setLastModifiedTime(dir.resolve("a.txt"), old);
    Files.setPosixFilePermissions(dir.resolve("a.txt"), PosixFilePermissions.fromString("rw-r-----"));
    Snapshot s = provider.create(SnapshotRequest.builder(vol).name("before").build());

    Files.writeString(dir.resolve("a.txt"), "CHANGED");
    Files.delete(dir.resolve("sub/deeper/b.txt"));
    Files.writeString(dir.resolve("new.txt"), "new");

    Path data = Path.of(s.attributes().get(LocalSnapshotProvider.PATH_ATTRIBUTE));
    assertThat(data.resolve("a.txt")).hasContent("alpha");
    assertThat(data.resolve("sub/deeper/b.txt")).hasContent("beta");
    assertThat(data.resolve("new.txt")).doesNotExist();
    assertThat(Files.getLastModifiedTime(data.resolve("a.txt"))).isEqualTo(old);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("a.txt")))).isEqualTo("rw-r-----");
    assertThat(Files.isSameFile(data.resolve("a.txt"), dir.resolve("a.txt"))).isFalse();
  }

  @Test
  void largeFilesAndSymlinksAreCopied() throws IOException {
    Path dir = provider.volumePath(vol);
    byte[] big = new byte[9 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Files.write(dir.resolve("big.bin"), big);
    Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
    Snapshot s = provider.create(SnapshotRequest.builder(vol).name("big").build());

    Path data = root.resolve("snapshots/big/data");
    assertThat(Files.readAllBytes(data.resolve("big.bin"))).isEqualTo(big);
    assertThat(Files.isSymbolicLink(data.resolve("link"))).isTrue();
    assertThat(Files.readSymbolicLink(data.resolve("link"))).isEqualTo(Path.of("a.txt"));
    assertThat(s.sizeBytes()).hasValue(9 + big.length);
  }

  @Test
  void cloneIsWritableAndIndependent() throws IOException {
    Snapshot s = provider.create(SnapshotRequest.builder(vol).name("s").build());
    Volume clone = provider.createVolume(CloneRequest.builder("s", "staging").label("env", "ci").build());

    assertThat(clone.managed()).isTrue();
    assertThat(clone.sourceSnapshotId()).hasValue("s");
    assertThat(clone.labels()).containsEntry("env", "ci").containsKey(Labels.REQUEST_ID);
    Path cdir = provider.volumePath(clone.ref());
    assertThat(cdir).isEqualTo(root.resolve("volumes/staging").toRealPath());
    assertThat(cdir.resolve("a.txt")).hasContent("alpha");
    assertThat(root.resolve("volume-meta/staging.properties")).exists();

    Files.writeString(cdir.resolve("a.txt"), "clone-write");
    Files.writeString(provider.volumePath(vol).resolve("a.txt"), "source-write");

    assertThat(cdir.resolve("a.txt")).hasContent("clone-write");
    assertThat(root.resolve("snapshots/s/data/a.txt")).hasContent("alpha");
    assertThat(provider.volumePath(vol).resolve("a.txt")).hasContent("source-write");
    assertThat(provider.getVolume(clone.ref())).isEqualTo(clone);
    assertThat(s.ready()).isTrue();
  }

  @Test
  void createIsIdempotentByRequestId() {
    SnapshotRequest req = SnapshotRequest.builder(vol).requestId("req-1").build();
    Snapshot first = provider.create(req);
    Snapshot again = provider.create(req);
    Snapshot sameIdOtherBuilder = provider.create(SnapshotRequest.builder(vol).requestId("req-1").build());

    assertThat(again).isEqualTo(first);
    assertThat(sameIdOtherBuilder).isEqualTo(first);
    assertThat(provider.list(SnapshotFilter.ALL, PageRequest.first()).items()).hasSize(1);
  }

  @Test
  void concurrentRetriesOfOneRequestMakeOneSnapshot() throws Exception {
    SnapshotRequest req = SnapshotRequest.builder(vol).requestId("req-par").build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Snapshot>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(pool.submit(() -> provider.create(req)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<Snapshot> f : fs) {
        ids.add(f.get().id());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(provider.list(SnapshotFilter.ALL, PageRequest.first()).items()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentSnapshotsOfDifferentVolumesAllSucceed() throws Exception {
    List<VolumeRef> vols = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      VolumeRef v = provider.createEmptyVolume("v" + i);
      Files.writeString(provider.volumePath(v).resolve("f"), "content-" + i);
      vols.add(v);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Snapshot>> fs = new ArrayList<>();
      for (VolumeRef v : vols) {
        fs.add(pool.submit(() -> provider.create(SnapshotRequest.builder(v).name("snap-" + v.id()).build())));
      }
      for (Future<Snapshot> f : fs) {
        Snapshot s = f.get();
        assertThat(Path.of(s.attributes().get(LocalSnapshotProvider.PATH_ATTRIBUTE)).resolve("f"))
            .hasContent("content-" + s.source().id().substring(1));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nameTakenByAnotherRequestIsAConflict() {
    provider.create(SnapshotRequest.builder(vol).name("taken").requestId("r1").build());
    assertThatThrownBy(() -> provider.create(SnapshotRequest.builder(vol).name("taken").requestId("r2").build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("taken");
    assertThat(provider.get("taken").labels()).containsEntry(Labels.REQUEST_ID, "r1");
  }

  @Test
  void missingSourceIsNotFound() {
    assertThatThrownBy(() -> provider.create(SnapshotRequest.of(VolumeRef.of("nope"))))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("volume");
          assertThat(e.id()).isEqualTo("nope");
        });
    assertThat(root.resolve("snapshots")).isEmptyDirectory();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "..", "a/b", "a..b", ".hidden", "/abs", "a\\b"})
  void pathTraversalIsRejectedNamingTheField(String bad) {
    assertThatThrownBy(() -> provider.create(SnapshotRequest.of(VolumeRef.of(bad))))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("source"));
    assertThatThrownBy(() -> provider.get(bad))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("snapshotId"));
    assertThatThrownBy(() -> provider.delete(bad))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("snapshotId"));
    assertThatThrownBy(() -> provider.createEmptyVolume(bad))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> provider.volumePath(VolumeRef.of(bad)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("volume"));
    assertThatThrownBy(() -> provider.deleteVolume(VolumeRef.of(bad), true))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("volume"));
    assertThat(root.resolve("snapshots")).isEmptyDirectory();
  }

  @Test
  void dotDotInsideANameIsRejectedEvenWhereTheBuilderAcceptsIt() {
    SnapshotRequest req = SnapshotRequest.builder(vol).name("a..b").build();
    assertThatThrownBy(() -> provider.create(req))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
    CloneRequest clone = CloneRequest.builder("x", "t..x").build();
    assertThatThrownBy(() -> provider.createVolume(clone))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("targetName"));
  }

  @Test
  void paginationWithAFilterVisitsEveryMatchOnceInIdOrder() throws IOException {
    VolumeRef other = provider.createEmptyVolume("other");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = "s" + (char) ('a' + (i * 3) % 7);
      provider.create(SnapshotRequest.builder(vol).name(id).label("team", "x").build());
      expected.add(id);
      provider.create(SnapshotRequest.builder(other).name("o" + i).label("team", "x").build());
      provider.create(SnapshotRequest.builder(vol).name("t" + i).label("team", "y").build());
    }
    SnapshotFilter filter = SnapshotFilter.ofSource(vol).withLabel("team", "x");

    List<List<String>> pages = new ArrayList<>();
    PageRequest page = PageRequest.first(3);
    while (true) {
      Page<Snapshot> p = provider.list(filter, page);
      pages.add(p.items().stream().map(Snapshot::id).collect(Collectors.toList()));
      if (p.nextToken().isEmpty()) {
        break;
      }
      page = page.next(p.nextToken().get());
    }

    assertThat(pages).containsExactly(List.of("sa", "sb", "sc"), List.of("sd", "se", "sf"), List.of("sg"));
    assertThat(provider.stream(filter).map(Snapshot::id)).containsExactlyElementsOf(expected.stream().sorted().toList());
    assertThat(provider.stream(SnapshotFilter.ALL)).hasSize(21);
    assertThatThrownBy(() -> provider.list(filter, PageRequest.first().next("../x")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("page.token"));
  }

  @Test
  void restoreReplacesTheSourceContent() throws IOException {
    Snapshot s = provider.create(SnapshotRequest.builder(vol).name("r").build());
    Path dir = provider.volumePath(vol);
    Files.writeString(dir.resolve("a.txt"), "ruined");
    Files.writeString(dir.resolve("junk"), "junk");

    provider.restore(s.id());

    assertThat(dir.resolve("a.txt")).hasContent("alpha");
    assertThat(dir.resolve("junk")).doesNotExist();
    assertThat(dir.resolve("sub/deeper/b.txt")).hasContent("beta");
    assertThat(provider.capabilities()).contains(Capability.RESTORE_IN_PLACE);
    try (var entries = Files.list(root.resolve("volumes"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("db");
    }
    assertThatThrownBy(() -> provider.restore("missing")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteVolumeRefusesUnmanagedUnlessForced() {
    provider.create(SnapshotRequest.builder(vol).name("s").build());
    Volume clone = provider.createVolume(CloneRequest.builder("s", "c1").build());

    assertThatThrownBy(() -> provider.deleteVolume(vol, false))
        .isInstanceOf(ConflictException.class).hasMessageContaining("not managed").hasMessageContaining("force");
    assertThat(provider.volumePath(vol)).exists();

    assertThat(provider.deleteVolume(clone.ref(), false)).isTrue();
    assertThat(provider.deleteVolume(clone.ref(), false)).isFalse();
    assertThat(root.resolve("volumes/c1")).doesNotExist();
    assertThat(root.resolve("volume-meta/c1.properties")).doesNotExist();

    assertThat(provider.deleteVolume(vol, true)).isTrue();
    assertThatThrownBy(() -> provider.getVolume(vol)).isInstanceOf(NotFoundException.class);
    assertThat(provider.get("s").ready()).isTrue();
  }

  @Test
  void cloneIsIdempotentAndConflictsOnATakenTarget() {
    provider.create(SnapshotRequest.builder(vol).name("s").build());
    CloneRequest req = CloneRequest.builder("s", "c").requestId("clone-1").build();
    Volume first = provider.createVolume(req);
    assertThat(provider.createVolume(req)).isEqualTo(first);

    assertThatThrownBy(() -> provider.createVolume(CloneRequest.builder("s", "c").requestId("clone-2").build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("'c'");
    assertThatThrownBy(() -> provider.createVolume(CloneRequest.builder("s", "db").build()))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> provider.createVolume(CloneRequest.builder("missing", "c2").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.kind()).isEqualTo("snapshot"));
    assertThatThrownBy(() -> provider.createVolume(CloneRequest.builder("s", "c3").parameter("storageClass", "fast").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parameters[storageClass]"));
    assertThatThrownBy(() -> provider.createVolume(CloneRequest.builder("s", "c4").sizeBytes(1).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("sizeBytes"));
    assertThat(provider.listVolumes(VolumeFilter.ALL, PageRequest.first()).items()).extracting(Volume::name)
        .containsExactly("c", "db");
    assertThat(provider.listVolumes(VolumeFilter.managed(), PageRequest.first()).items()).extracting(Volume::name)
        .containsExactly("c");
  }

  @Test
  void volumeListingPaginates() {
    for (int i = 0; i < 5; i++) {
      provider.createEmptyVolume("v" + i);
    }
    Page<Volume> p1 = provider.listVolumes(VolumeFilter.ALL, PageRequest.first(4));
    assertThat(p1.items()).extracting(Volume::name).containsExactly("db", "v0", "v1", "v2");
    Page<Volume> p2 = provider.listVolumes(VolumeFilter.ALL, PageRequest.first(4).next(p1.nextToken().orElseThrow()));
    assertThat(p2.items()).extracting(Volume::name).containsExactly("v3", "v4");
    assertThat(p2.nextToken()).isEmpty();
  }

  @Test
  void reportsThePlainCopyMethodWhereReflinkIsMissing() {
    // On file systems without reflink (ext4, tmpfs) auto falls back to copy and reflink refuses to open.
    if (provider.copyMethod() == CopyMode.COPY) {
      assertThat(provider.capabilities()).doesNotContain(Capability.COPY_ON_WRITE)
          .contains(Capability.CLONE, Capability.VOLUME_MANAGEMENT);
      assertThatThrownBy(() -> LocalSnapshotProvider.open(root, CopyMode.REFLINK))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("copyMode"));
    } else {
      assertThat(provider.capabilities()).contains(Capability.COPY_ON_WRITE);
    }
    try (LocalSnapshotProvider copy = LocalSnapshotProvider.open(root, CopyMode.COPY)) {
      assertThat(copy.copyMethod()).isEqualTo(CopyMode.COPY);
      Snapshot s = copy.create(SnapshotRequest.builder(vol).name("plain").build());
      assertThat(s.attributes()).containsEntry(LocalSnapshotProvider.COPY_METHOD_ATTRIBUTE, "copy");
    }
  }

  @Test
  void closedProviderRefusesCalls() {
    provider.close();
    provider.close();
    assertThatThrownBy(() -> provider.get("x")).isInstanceOf(dev.snapfork.SnapshotException.class).hasMessageContaining("closed");
  }
}
