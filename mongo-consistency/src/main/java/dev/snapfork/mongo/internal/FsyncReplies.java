package dev.snapfork.mongo.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * Reads the lock counts out of {@code fsync}/{@code fsyncUnlock} replies in both shapes: a
 * mongod's top-level {@code lockCount}, and a mongos's per-shard results under {@code raw}
 * ({@code {all: {raw: {...}}}} for the lock, {@code {raw: {...}}} for the unlock).
 */
public final class FsyncReplies {
  /** The key used for a mongod's single count. */
  public static final String SERVER = "";

  private FsyncReplies() {}

  /**
   * Lock counts by shard (or {@link #SERVER}).
   *
   * @throws IllegalStateException when the reply has no count in the expected shape
   */
  public static Map<String, Integer> counts(Document reply, boolean mongos, boolean lock) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (!mongos) {
      Number n = reply.get("lockCount", Number.class);
      if (n == null) {
        throw new IllegalStateException("reply has no lockCount: " + reply.keySet());
      }
      counts.put(SERVER, n.intValue());
      return counts;
    }
    Document raw = lock ? reply.get("all", Document.class) : reply;
    raw = raw == null ? null : raw.get("raw", Document.class);
    if (raw == null || raw.isEmpty()) {
      throw new IllegalStateException("mongos reply has no per-shard results under " + (lock ? "all.raw" : "raw") + ": " + reply.keySet());
    }
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (!(e.getValue() instanceof Document shard)) {
        throw new IllegalStateException("mongos reply: shard " + e.getKey() + " has no result document");
      }
      Number ok = shard.get("ok", Number.class);
      if (ok != null && ok.doubleValue() != 1.0) {
        throw new IllegalStateException("shard " + e.getKey() + " failed: " + shard.getString("errmsg"));
      }
      Number n = shard.get("lockCount", Number.class);
      if (n == null) {
        throw new IllegalStateException("mongos reply: shard " + e.getKey() + " reports no lockCount");
      }
      counts.put(e.getKey(), n.intValue());
    }
    return counts;
  }

  /** The lowest count among shards (the server's count for a mongod). */
  public static int min(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
  }

  /** The highest count among shards. */
  public static int max(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
