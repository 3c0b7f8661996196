package dev.snapfork.ebs.fake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory state behind the fake EC2 and EBS direct endpoints: volumes, snapshots and their
 * blocks, plus knobs for the behaviours tests need (snapshots that stay pending or fail, throttling,
 * eventual consistency after StartSnapshot, a corrupted block). Thread-safe by coarse locking.
 */
public final class FakeAws {
  public static final int BLOCK = 524288;
  /** Checks the SigV4 signature of every EBS direct API request. */
  public final SignatureCheck signatures = new SignatureCheck();

  /** A volume. */
  public static final class Vol {
    public String id;
    public int sizeGib;
    public String zone = "eu-west-1a";
    public String type = "gp3";
    public String snapshotId;
    public String instanceId;
    public String device;
    public String clientToken;
    /** Describes of this volume still to answer as if it did not exist (eventual consistency). */
    public int hiddenDescribes;
    public Instant created = Instant.now();
    public final Map<String, String> tags = new LinkedHashMap<>();
    public final TreeMap<Integer, byte[]> blocks = new TreeMap<>();
  }

  /** A snapshot. */
  public static final class Snap {
    public String id;
    public String volumeId;
    public int sizeGib;
    public String state = "pending";
    public String stateMessage;
    public String description = "";
    public Instant started = Instant.now();
    public int describesLeft;
    public String parentId;
    public String clientToken;
    public boolean direct;
    /** Describes of this snapshot still to answer as if it did not exist (eventual consistency). */
    public int hiddenDescribes;
    public final Map<String, String> tags = new LinkedHashMap<>();
    public final TreeMap<Integer, byte[]> blocks = new TreeMap<>();
  }

  public final Map<String, Vol> volumes = new ConcurrentHashMap<>();
  public final Map<String, Snap> snapshots = new ConcurrentHashMap<>();
  /** Describes a snapshot stays pending (in describes of it); 0 = completed at the first describe. */
  public volatile int describesUntilCompleted = 1;
  /**
   * EC2 eventual consistency: a snapshot made by CreateSnapshot, CreateSnapshots or CopySnapshot,
   * or a volume made by CreateVolume, is left out of (or, asked for by id, answered
   * {@code InvalidSnapshot.NotFound} / {@code InvalidVolume.NotFound} by) its first this many
   * describes. 0 = visible at once.
   */
  public volatile int invisibleDescribes;
  /** The region this fake EC2 endpoint serves (CopySnapshot from another region needs a PresignedUrl). */
  public volatile String region = "eu-west-1";
  /** The PresignedUrl of the last CopySnapshot, if any. */
  public volatile String lastPresignedUrl;
  /** While set, no snapshot changes state. */
  public volatile boolean frozen;
  /** Volumes whose snapshots stay pending for ever. */
  public final Set<String> holdPending = ConcurrentHashMap.newKeySet();
  /** Volumes whose snapshots fail. */
  public final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** Block calls to answer with RequestThrottledException before serving again. */
  public final AtomicInteger throttleBlockCalls = new AtomicInteger();
  /** After StartSnapshot, this many block calls answer ResourceNotFoundException (eventual consistency). */
  public volatile int notFoundAfterStart;
  public final AtomicInteger pendingNotFound = new AtomicInteger();
  /** Snapshot id + "/" + block index whose data is served with a wrong checksum. */
  public final Set<String> corrupt = ConcurrentHashMap.newKeySet();
  /**
   * Snapshot id + "/" + block index -> how many bytes of the block GetSnapshotBlock sends: an HTTP
   * 200 whose body (and Content-Length) is shorter than the block, while x-amz-Data-Length still
   * says 524288. A server was seen to do this (issue 14: "a short block the server did send (HTTP
   * 200)"); the header values beyond the short body are this fake's assumption.
   */
  public final Map<String, Integer> shortBlocks = new ConcurrentHashMap<>();
  /** GetSnapshotBlock answers per snapshot id + "/" + block index. */
  public final Map<String, AtomicInteger> blockGets = new ConcurrentHashMap<>();
  /** Most concurrent block calls seen. */
  public final AtomicInteger inFlight = new AtomicInteger();
  public final AtomicInteger maxInFlight = new AtomicInteger();
  /** Requests per EC2 action. */
  public final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();

  public static String hex(int digits) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < digits; i++) {
      b.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
    }
    return b.toString();
  }

  /** A new unattached, untagged volume. */
  public synchronized Vol newVolume(int sizeGib) {
    Vol v = new Vol();
    v.id = "vol-" + hex(17);
    v.sizeGib = sizeGib;
    volumes.put(v.id, v);
    return v;
  }

  public int count(String action) {
    AtomicInteger n = actions.get(action);
    return n == null ? 0 : n.get();
  }
}
