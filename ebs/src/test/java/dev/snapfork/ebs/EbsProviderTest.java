package dev.snapfork.ebs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.snapfork.CloneRequest;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.UnavailableException;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.fake.FakeAws;
import dev.snapfork.ebs.fake.FakeAwsServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EC2 behaviour beyond the kit: bad input, AWS error bodies, throttling, small pages, batched waiting. */
class EbsProviderTest {
  @RegisterExtension static final FakeAwsServer fake = new FakeAwsServer();
  private EbsSnapshotProvider provider;

  @BeforeEach
  void open() {
    fake.aws.frozen = false;
    provider = fake.provider().maxAttempts(3).build();
  }

  @AfterEach
  void close() {
    provider.close();
  }

  private VolumeRef volume() {
    return VolumeRef.of(fake.aws.newVolume(4).id);
  }

  private int ec2Calls() {
    return fake.aws.actions.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum();
  }

  private static String ec2Error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
        + "</Message></Error></Errors><RequestID>5f3c1a7e-0000-4000-8000-000000000001</RequestID></Response>";
  }

  @Test
  void badInput_isTypedBeforeAnyCall() {
    VolumeRef v = volume();
    int before = ec2Calls();
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.get("snap-123"))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapshotId")).satisfies(e -> assertThat(e.rule()).contains("snap-"));
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.delete("vol-0123456789abcdef0"));
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.create(SnapshotRequest.of(VolumeRef.of("my-volume"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("source"));
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.getVolume(VolumeRef.of("vol-XYZ")));
    SnapshotRequest.Builder many = SnapshotRequest.builder(v);
    for (int i = 0; i < 48; i++) {
      many.label("k" + i, "v");
    }
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> provider.create(many.build()))
        .satisfies(e -> assertThat(e.rule()).contains("at most 50 tags"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(v).label("aws:cloudformation:stack", "x").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("labels[aws:cloudformation:stack]")).satisfies(e -> assertThat(e.rule()).contains("reserved"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(v).label("Name", "x").build()));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.awaitReady("snap-0123456789abcdef0", Duration.ZERO));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.createVolume(CloneRequest.builder("snap-0123456789abcdef0", "c").parameter("zone", "x").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("parameters[zone]"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.createVolume(CloneRequest.builder("snap-0123456789abcdef0", "c").parameter("iops", "many").build()));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.createGroup("g", List.of(SnapshotRequest.of(v), SnapshotRequest.of(v))));
    assertThat(ec2Calls()).as("EC2 calls made by rejected requests").isEqualTo(before);
  }

  @Test
  void cloneSmallerThanTheSnapshotIsInvalidAndNothingIsCreated() {
    Snapshot s = provider.awaitReady(provider.create(SnapshotRequest.of(volume())).id(), Duration.ofSeconds(10));
    int creates = fake.aws.count("CreateVolume");
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.createVolume(CloneRequest.builder(s.id(), "small").sizeBytes(3L << 30).build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("sizeBytes"));
    assertThat(fake.aws.count("CreateVolume")).isEqualTo(creates);
    var bigger = provider.createVolume(CloneRequest.builder(s.id(), "bigger").sizeBytes((5L << 30) - 1).parameter("volumeType", "gp3").build());
    assertThat(bigger.sizeBytes().getAsLong()).as("rounded up to whole GiB").isEqualTo(5L << 30);
    assertThat(bigger.attributes()).containsEntry("ebs.availability-zone", "eu-west-1a").containsEntry("ebs.volume-type", "gp3");
  }

  @Test
  void errorBodies_areTranslated() {
    fake.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeVolumes")).atPriority(1)
        .willReturn(aResponse().withStatus(403).withBody(ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."))));
    assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> provider.getVolume(VolumeRef.of("vol-0123456789abcdef0")))
        .satisfies(e -> assertThat(e.getMessage()).contains("UnauthorizedOperation").contains("5f3c1a7e"))
        .satisfies(e -> assertThat(e.retryable()).isFalse());
    fake.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DeleteSnapshot")).atPriority(1)
        .willReturn(aResponse().withStatus(503).withBody(ec2Error("Unavailable", "The service is unavailable. Please try again shortly."))));
    assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> provider.delete("snap-0123456789abcdef0"))
        .satisfies(e -> assertThat(e.retryable()).isTrue());
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> provider.get("snap-0123456789abcdef0"))
        .satisfies(e -> assertThat(e.getMessage()).contains("does not exist"));
  }

  @Test
  void throttling_isRetriedByTheSdkThenSurfacesAsRateLimited() {
    String scenario = "throttle";
    fake.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots")).atPriority(1)
        .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once")
        .willReturn(aResponse().withStatus(503).withBody(ec2Error("RequestLimitExceeded", "Request limit exceeded."))));
    fake.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots")).atPriority(1)
        .inScenario(scenario).whenScenarioStateIs("once").willSetStateTo("passed")
        .willReturn(aResponse().withStatus(503).withBody(ec2Error("RequestLimitExceeded", "Request limit exceeded."))));
    Snapshot s = provider.create(SnapshotRequest.of(volume()));
    assertThat(fake.server.getAllScenarios().getScenarios()).anySatisfy(sc -> assertThat(sc.getState()).isEqualTo("passed"));
    assertThat(s.id()).startsWith("snap-");
    fake.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots")).atPriority(1)
        .willReturn(aResponse().withStatus(503).withBody(ec2Error("RequestLimitExceeded", "Request limit exceeded."))));
    assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> provider.get(s.id()))
        .satisfies(e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void perVolumeRateExceeded_waitsAndRetriesTheCreate() {
    fake.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=CreateSnapshot&")).atPriority(1)
        .inScenario("per-volume").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("done")
        .willReturn(aResponse().withStatus(400).withBody(ec2Error("SnapshotCreationPerVolumeRateExceeded",
            "The maximum per volume CreateSnapshot request rate has been exceeded. Use an increasing or variable sleep interval between requests."))));
    Snapshot s = provider.create(SnapshotRequest.of(volume()));
    assertThat(fake.server.getAllScenarios().getScenarios()).anySatisfy(sc -> assertThat(sc.getState()).isEqualTo("done"));
    assertThat(fake.aws.snapshots).containsKey(s.id());
  }

  @Test
  void paging_withPageSizeOneServesEveryItemOnce() {
    VolumeRef v = volume();
    Set<String> made = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      made.add(provider.create(SnapshotRequest.of(v)).id());
    }
    List<String> seen = new ArrayList<>();
    PageRequest page = PageRequest.first(1);
    for (int n = 0; n < 20; n++) {
      Page<Snapshot> p = provider.list(SnapshotFilter.ofSource(v), page);
      assertThat(p.items()).hasSizeLessThanOrEqualTo(1);
      p.items().forEach(s -> seen.add(s.id()));
      if (p.nextToken().isEmpty()) {
        break;
      }
      page = page.next(p.nextToken().get());
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(made);
  }

  @Test
  void awaitReady_describesEveryAwaitedSnapshotInOneCallPerRound() throws Exception {
    fake.aws.frozen = true;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(provider.create(SnapshotRequest.of(volume())).id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      List<Future<Snapshot>> waits = new ArrayList<>();
      for (String id : ids) {
        waits.add(pool.submit(() -> provider.awaitReady(id, Duration.ofSeconds(60))));
      }
      while (provider.awaiting() < 100) {
        Thread.onSpinWait();
      }
      int before = fake.aws.count("DescribeSnapshots");
      fake.aws.frozen = false;
      for (Future<Snapshot> w : waits) {
        assertThat(w.get().ready()).isTrue();
      }
      int rounds = fake.aws.count("DescribeSnapshots") - before;
      assertThat(rounds).as("DescribeSnapshots calls for 100 snapshots needing 2 polls each").isBetween(1, 3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void createIsIdempotentAcrossProviders() {
    VolumeRef v = volume();
    SnapshotRequest r = SnapshotRequest.builder(v).label("team", "a").build();
    Snapshot first = provider.create(r);
    try (EbsSnapshotProvider other = fake.provider().build()) {
      assertThat(other.create(r).id()).isEqualTo(first.id());
    }
    assertThat(fake.aws.snapshots.values().stream().filter(s -> r.requestId().equals(s.tags.get(Labels.REQUEST_ID)))).hasSize(1);
  }

  @Test
  void toStringShowsNoSecrets() {
    assertThat(provider.toString()).doesNotContain("test-secret-key").doesNotContain("AKIDTEST");
  }

  @Test
  void copyToRegion_validatesFindsAnEarlierCopyAndTranslatesSdkFailures() {
    Snapshot s = provider.create(SnapshotRequest.of(volume()));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.copyToRegion(s.id(), "Europe", provider, java.util.Map.of(), "x"))
        .satisfies(e -> assertThat(e.field()).isEqualTo("sourceRegion"));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.copyToRegion(s.id(), "eu-west-2", provider, java.util.Map.of("aws:x", "y"), "x"));
    FakeAws.Snap earlier = fake.aws.snapshots.get(s.id());
    earlier.tags.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    earlier.tags.put(Labels.REQUEST_ID, "copy-1");
    assertThat(provider.copyToRegion(s.id(), "eu-west-2", provider, java.util.Map.of(), "copy-1").id())
        .as("a retried copy finds the first by its request id").isEqualTo(s.id());
  }

  @Test
  void copyToRegion_atTheWire_sendsAPresignedUrlForTheSourceRegionAndTagsTheCopy() {
    Snapshot s = provider.awaitReady(provider.create(SnapshotRequest.of(volume())).id(), Duration.ofSeconds(10));
    Snapshot copy = provider.copyToRegion(s.id(), "eu-west-2", provider, java.util.Map.of("team", "storage"), "copy-wire-1");
    assertThat(copy.id()).startsWith("snap-").isNotEqualTo(s.id());
    assertThat(copy.labels()).containsEntry("team", "storage").containsEntry(Labels.REQUEST_ID, "copy-wire-1")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    FakeAws.Snap stored = fake.aws.snapshots.get(copy.id());
    assertThat(stored.tags).containsEntry("team", "storage").containsEntry(Labels.REQUEST_ID, "copy-wire-1");
    // The fake refuses a cross-region CopySnapshot without a SigV4 presigned CopySnapshot of this
    // snapshot scoped to the source region; this is what reached it:
    java.net.URI presigned = java.net.URI.create(fake.aws.lastPresignedUrl);
    assertThat(presigned.getHost()).as("the source region's EC2 endpoint").isEqualTo("ec2.eu-west-2.amazonaws.com");
    assertThat(presigned.getQuery()).contains("Action=CopySnapshot", "SourceSnapshotId=" + s.id(), "DestinationRegion=eu-west-1",
        "/eu-west-2/ec2/aws4_request", "X-Amz-Signature=").doesNotContain("test-secret-key");
    assertThat(provider.awaitReady(copy.id(), Duration.ofSeconds(10)).ready()).isTrue();
    assertThat(provider.copyToRegion(s.id(), "eu-west-2", provider, java.util.Map.of("team", "storage"), "copy-wire-1").id())
        .as("idempotent by request id").isEqualTo(copy.id());
    assertThat(fake.aws.count("CopySnapshot")).isEqualTo(1);
  }

  @Test
  void copyToRegion_fakeRefusesACrossRegionCopyWithoutPresignedUrl() throws Exception {
    // Guards the test above: were the PresignedUrl missing, the fake would refuse the copy.
    Snapshot s = provider.create(SnapshotRequest.of(volume()));
    int before = fake.aws.snapshots.size();
    var conn = (java.net.HttpURLConnection) fake.endpoint().toURL().openConnection();
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    conn.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
    conn.getOutputStream().write(("Action=CopySnapshot&Version=2016-11-15&SourceRegion=eu-west-2&SourceSnapshotId=" + s.id())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(conn.getResponseCode()).isEqualTo(400);
    String body = new String(conn.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(body).contains("PresignedUrl").contains("required");
    assertThat(fake.aws.snapshots).as("no copy made").hasSize(before);
  }

  @Test
  void failedSnapshotReportsTheMessage() {
    VolumeRef v = volume();
    fake.aws.failing.add(v.id());
    Snapshot s = provider.create(SnapshotRequest.of(v));
    assertThatExceptionOfType(dev.snapfork.BackendFailureException.class).isThrownBy(() -> provider.awaitReady(s.id(), Duration.ofSeconds(10)))
        .satisfies(e -> assertThat(e.getMessage()).contains("internal error copying the volume"));
  }

  @SuppressWarnings("unused")
  private static FakeAws aws() {
    return fake.aws;
  }
}
