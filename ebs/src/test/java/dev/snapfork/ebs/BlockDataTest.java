package dev.snapfork.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.BackendFailureException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.ebs.fake.FakeAws;
import dev.snapfork.ebs.fake.FakeAwsServer;
import dev.snapfork.ebs.internal.ResumeJournal;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Block download and upload through the EBS direct REST/JSON API served by the fake. */
class BlockDataTest {
  // The fake checks every EBS request's SigV4 signature (fake.aws.signatures) and answers 403 when
  // it does not verify, so every test here also proves the transport signs correctly.
  private static final int B = FakeAws.BLOCK;
  @RegisterExtension static final FakeAwsServer fake = new FakeAwsServer();
  private EbsSnapshotProvider provider;
  @TempDir Path dir;

  @BeforeEach
  void open() {
    fake.aws.throttleBlockCalls.set(0);
    fake.aws.notFoundAfterStart = 0;
    fake.aws.corrupt.clear();
    fake.aws.shortBlocks.clear();
    provider = fake.provider().listPageSize(100).blockTransport(transport()).build();
  }

  /** The block transport under test; {@link SdkTransportBlockDataTest} runs the same tests over the SDK client. */
  BlockTransport transport() {
    return BlockTransport.DIRECT;
  }

  @AfterEach
  void close() {
    provider.close();
  }

  /** A source of {@code blocks} blocks where block i (for i in {@code data}) holds a pattern; the rest zero. */
  private Path source(String name, int blocks, int... data) throws IOException {
    Path p = dir.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength((long) blocks * B);
      for (int i : data) {
        f.seek((long) i * B);
        f.write(pattern(i));
      }
    }
    return p;
  }

  /** A completed snapshot made directly in the fake, with {@code count} written blocks sharing one pattern. */
  private static String seed(int count) {
    FakeAws.Snap s = new FakeAws.Snap();
    s.id = "snap-" + FakeAws.hex(17);
    s.volumeId = "vol-" + FakeAws.hex(17);
    s.sizeGib = 1;
    s.state = "completed";
    byte[] data = pattern(9);
    for (int i = 0; i < count; i++) {
      s.blocks.put(i, data);
    }
    fake.aws.snapshots.put(s.id, s);
    return s.id;
  }

  private static byte[] pattern(int i) {
    byte[] b = new byte[B];
    for (int k = 0; k < B; k++) {
      b[k] = (byte) (i * 31 + k % 251 + 1);
    }
    return b;
  }

  private static byte[] block(Path file, int i) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] b = new byte[B];
      f.seek((long) i * B);
      f.readFully(b);
      return b;
    }
  }

  @Test
  void upload_sendsNonZeroBlocksAndCompletesWithTheAggregateChecksum() throws IOException {
    Path src = source("a.img", 8, 0, 3, 7);
    AtomicLong progress = new AtomicLong();
    UploadResult r = provider.blocks().upload(UploadRequest.builder(src).label("team", "storage").progress((n, bytes) -> progress.set(n)).build());
    assertThat(r.blocksWritten()).isEqualTo(3);
    assertThat(r.blocksSkipped()).as("all-zero blocks").isEqualTo(5);
    assertThat(progress.get()).isEqualTo(3);
    FakeAws.Snap s = fake.aws.snapshots.get(r.snapshotId());
    assertThat(s.state).as("completed by CompleteSnapshot (the fake checks count and aggregate)").isEqualTo("completed");
    assertThat(s.blocks.keySet()).containsExactly(0, 3, 7);
    assertThat(s.tags).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).containsEntry("team", "storage").containsKey(Labels.REQUEST_ID);
    assertThat(provider.get(r.snapshotId()).ready()).isTrue();
  }

  @Test
  void everyBlockCallCarriesAValidSignature_andABadSecretIsRefused() throws IOException {
    int before = fake.aws.signatures.verified.get();
    int skippedBefore = fake.aws.signatures.skipped.get();
    Path src = source("sig.img", 4, 0, 2);
    String id = provider.blocks().upload(UploadRequest.builder(src).build()).snapshotId();
    provider.blocks().download(id, dir.resolve("sig.out"), false, null);
    // StartSnapshot, 2 PutSnapshotBlock, CompleteSnapshot, ListSnapshotBlocks, 2 GetSnapshotBlock
    int skipped = fake.aws.signatures.skipped.get() - skippedBefore;
    assertThat(fake.aws.signatures.verified.get() - before + skipped).isGreaterThanOrEqualTo(7);
    if (transport() == BlockTransport.DIRECT) {
      assertThat(skipped).as("the direct transport signs every payload; nothing is left unchecked").isZero();
    }
    try (EbsSnapshotProvider wrong = fake.provider().blockTransport(transport()).credentials(
        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(dev.snapfork.ebs.fake.SignatureCheck.ACCESS_KEY, "wrong")))
        .build()) {
      assertThatExceptionOfType(dev.snapfork.PermissionDeniedException.class)
          .isThrownBy(() -> wrong.blocks().download(id, dir.resolve("sig2.out"), false, null))
          .withMessageContaining("SignatureDoesNotMatch");
    }
  }

  @Test
  void download_writesEveryBlockVerifiedAndLeavesHoles() throws IOException {
    Path src = source("b.img", 300, 1, 150, 299);
    String id = provider.blocks().upload(UploadRequest.builder(src).build()).snapshotId();
    Path out = dir.resolve("b.out");
    DownloadResult r = provider.blocks().download(id, out, false, null);
    assertThat(r.blocksWritten()).isEqualTo(3);
    assertThat(Files.size(out)).as("sized to the volume").isEqualTo(1L << 30);
    for (int i : new int[] {0, 1, 2, 150, 299, 1000}) {
      byte[] expected = i < 300 ? block(src, i) : new byte[B];
      assertThat(block(out, i)).as("block %d", i).isEqualTo(expected);
    }
  }

  @Test
  void download_corruptBlockIsAClearErrorNamingTheBlock() throws IOException {
    String id = provider.blocks().upload(UploadRequest.builder(source("c.img", 4, 0, 2)).build()).snapshotId();
    fake.aws.corrupt.add(id + "/2");
    Path out = dir.resolve("c.out");
    assertThatExceptionOfType(BlockChecksumException.class)
        .isThrownBy(() -> provider.blocks().download(id, out, false, null))
        .satisfies(e -> assertThat(e.blockIndex()).isEqualTo(2))
        .satisfies(e -> assertThat(e.getMessage()).contains("block 2").contains(id));
    assertThat(block(out, 2)).as("nothing corrupt written").isEqualTo(new byte[B]);
  }

  @Test
  void download_aShortBlockTheServerSentIsReportedWithItsFiguresAndAskedForOnceMore() {
    String id = seed(4);
    fake.aws.shortBlocks.put(id + "/2", 1000);
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> provider.blocks().download(id, dir.resolve("short.out"), false, null))
        .satisfies(e -> assertThat(e.retryable()).as("the server answered short twice; repeating will not help").isFalse())
        .withMessageContaining("block 2 of " + id).withMessageContaining("HTTP 200")
        .withMessageContaining("1000 of " + B + " bytes").withMessageContaining("2 attempts")
        .withMessageNotContaining("failed before AWS answered");
    assertThat(fake.aws.blockGets.get(id + "/2").get()).as("asked once more, not until the retry budget ran out").isEqualTo(2);
  }

  @Test
  void download_resumesFromAPartialFile() throws IOException {
    Path src = source("d.img", 6, 0, 1, 2, 3, 4, 5);
    String id = provider.blocks().upload(UploadRequest.builder(src).build()).snapshotId();
    fake.aws.corrupt.add(id + "/5");
    Path out = dir.resolve("d.out");
    assertThatExceptionOfType(BlockChecksumException.class).isThrownBy(() -> provider.blocks().download(id, out, false, null));
    assertThat(ResumeJournal.pathFor(out)).exists();
    fake.aws.corrupt.clear();
    DownloadResult r = provider.blocks().download(id, out, true, null);
    assertThat(r.blocksResumed()).as("blocks kept from the first run").isPositive();
    assertThat(r.blocksResumed() + r.blocksWritten()).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      assertThat(block(out, i)).as("block %d", i).isEqualTo(block(src, i));
    }
    assertThat(ResumeJournal.pathFor(out)).doesNotExist();
  }

  @Test
  void throttling_lowersConcurrencyAndStillCompletes() throws IOException {
    String id = seed(16);
    fake.aws.throttleBlockCalls.set(6);
    DownloadResult r = provider.blocks().download(id, dir.resolve("e.out"), false, null);
    assertThat(r.throttled()).isGreaterThanOrEqualTo(1);
    assertThat(r.lowestConcurrency()).as("halved at least once from 8").isLessThanOrEqualTo(4);
    assertThat(r.blocksWritten()).isEqualTo(16);
  }

  @Test
  void upload_retriesNotFoundRightAfterStartSnapshot() throws IOException {
    fake.aws.notFoundAfterStart = 3;
    UploadResult r = provider.blocks().upload(UploadRequest.builder(source("f.img", 4, 0, 1, 2, 3)).build());
    assertThat(r.blocksWritten()).isEqualTo(4);
    assertThat(fake.aws.snapshots.get(r.snapshotId()).state).isEqualTo("completed");
  }

  @Test
  void upload_thatFailsHalfWayNeverCompletes() throws IOException {
    fake.server.stubFor(put(urlPathMatching("/snapshots/snap-[0-9a-f]+/blocks/2")).atPriority(1).willReturn(aResponse().withStatus(400)
        .withHeader("x-amzn-ErrorType", "ValidationException").withHeader("Content-Type", "application/json")
        .withBody("{\"Message\":\"The block data is invalid\",\"Reason\":\"INVALID_BLOCK\"}")));
    int before = fake.aws.snapshots.size();
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> provider.blocks().upload(UploadRequest.builder(source("g.img", 4, 0, 1, 2, 3)).build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("was not completed").contains("block 2"));
    List<FakeAws.Snap> made = fake.aws.snapshots.values().stream().filter(s -> s.direct).toList();
    assertThat(fake.aws.snapshots.size()).isEqualTo(before + 1);
    assertThat(made).isNotEmpty().allSatisfy(s -> assertThat(s.state).isEqualTo("pending"));
    made.forEach(s -> fake.aws.snapshots.remove(s.id));
  }

  @Test
  void incrementalUpload_sendsOnlyChangedBlocksAndChangedBlocksListsThem() throws IOException {
    Path base = source("h0.img", 8, 0, 1, 2);
    String parent = provider.blocks().upload(UploadRequest.builder(base).build()).snapshotId();
    Path next = dir.resolve("h1.img");
    Files.copy(base, next);
    try (RandomAccessFile f = new RandomAccessFile(next.toFile(), "rw")) {
      f.seek(1L * B);
      f.write(new byte[B]);
      f.seek(5L * B);
      f.write(pattern(5));
    }
    UploadResult r = provider.blocks().upload(UploadRequest.builder(next).parentSnapshotId(parent).parentContent(base).build());
    assertThat(r.blocksWritten()).as("block 1 zeroed and block 5 written").isEqualTo(2);
    assertThat(provider.blocks().changedBlocks(parent, r.snapshotId()).map(ChangedBlock::index)).containsExactly(1L, 5L);
    Path out = dir.resolve("h1.out");
    provider.blocks().download(r.snapshotId(), out, false, null);
    for (int i = 0; i < 8; i++) {
      assertThat(block(out, i)).as("block %d", i).isEqualTo(block(next, i));
    }
    BitSet only5 = new BitSet();
    only5.set(5);
    UploadResult r2 = provider.blocks().upload(UploadRequest.builder(next).parentSnapshotId(parent).changedBlocks(only5).build());
    assertThat(r2.blocksWritten()).isEqualTo(1);
  }

  @Test
  void changedBlocks_paginates() throws IOException {
    String id = seed(230);
    assertThat(provider.blocks().changedBlocks(null, id).count()).as("over pages of 100").isEqualTo(230);
  }

  @Test
  void badInput_isRejectedBeforeAnyCall() throws IOException {
    Path src = source("i.img", 2048 + 1, 0);
    int snapshots = fake.aws.snapshots.size();
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.blocks().upload(UploadRequest.builder(src).volumeSizeGib(1).build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("volumeSizeGib"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.blocks().upload(UploadRequest.builder(src).label("aws:owner", "x").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("labels[aws:owner]"));
    UploadRequest.Builder many = UploadRequest.builder(src);
    for (int i = 0; i < 48; i++) {
      many.label("k" + i, "v");
    }
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.blocks().upload(many.build()))
        .satisfies(e -> assertThat(e.rule()).contains("at most 50 tags"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.blocks().upload(UploadRequest.builder(src).parentSnapshotId("snap-XYZ").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("parentSnapshotId"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.blocks().download("snapshot-1", dir.resolve("x"), false, null))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapshotId"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.blocks().download("snap-0123456789abcdef0", dir, false, null))
        .satisfies(e -> assertThat(e.field()).isEqualTo("target"));
    assertThat(fake.aws.snapshots).hasSize(snapshots);
  }

  @Test
  void download_ofAMissingSnapshotIsNotFound() {
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> provider.blocks().download("snap-0123456789abcdef0", dir.resolve("m"), false, null))
        .satisfies(e -> assertThat(e.id()).isEqualTo("snap-0123456789abcdef0"));
  }
}
