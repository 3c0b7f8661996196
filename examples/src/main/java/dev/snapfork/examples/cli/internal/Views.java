package dev.snapfork.examples.cli.internal;

import dev.snapfork.CleanupReport;
import dev.snapfork.Snapshot;
import dev.snapfork.Volume;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns API values into ordered maps for {@link Printer}. */
public final class Views {
  private Views() {}

  public static Map<String, Object> snapshot(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("source", s.source().id());
    m.put("state", s.state().name());
    m.put("cutAt", java.time.Instant.EPOCH.equals(s.cutAt()) ? null : s.cutAt().toString()); // EPOCH: never cut
    m.put("sizeBytes", s.sizeBytes().isPresent() ? s.sizeBytes().getAsLong() : null);
    m.put("managed", s.managed());
    m.put("labels", s.labels());
    m.put("attributes", s.attributes());
    s.failureMessage().ifPresent(f -> m.put("failure", f));
    return m;
  }

  public static Map<String, Object> volume(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.ref().id());
    m.put("name", v.name());
    m.put("sourceSnapshot", v.sourceSnapshotId().orElse(null));
    m.put("sizeBytes", v.sizeBytes().isPresent() ? v.sizeBytes().getAsLong() : null);
    m.put("createdAt", v.createdAt().map(Object::toString).orElse(null));
    m.put("managed", v.managed());
    m.put("labels", v.labels());
    m.put("attributes", v.attributes());
    return m;
  }

  public static Map<String, Object> cleanupItem(CleanupReport.Item i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", i.kind());
    m.put("id", i.id());
    m.put("expiresAt", i.expiresAt().map(Object::toString).orElse(null));
    m.put("outcome", i.outcome().name());
    m.put("error", i.error().orElse(null));
    return m;
  }
}
