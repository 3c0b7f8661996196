package dev.snapfork.internal.local;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.VolumeRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads and writes the {@code .properties} metadata of snapshots and managed volumes. Every write
 * goes to a temporary file that is fsynced and atomically renamed over the target, so a reader
 * sees the old or the new content, never a torn one.
 */
final class MetadataStore {
  static final String LABEL_PREFIX = "label.";

  private MetadataStore() {}

  /** What the provider records about a volume it created. */
  record VolumeMeta(
      String name,
      boolean ready,
      Optional<String> sourceSnapshotId,
      Optional<Instant> createdAt,
      OptionalLong sizeBytes,
      String copyMethod,
      Map<String, String> labels) {
    VolumeMeta {
      labels = Map.copyOf(labels);
    }
  }

  static void writeSnapshot(Path file, Snapshot s, Optional<String> description, String copyMethod) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("format", "1");
    p.put("id", s.id());
    p.put("name", s.name());
    p.put("source", s.source().id());
    p.put("state", s.state().name());
    p.put("cutAt", s.cutAt().toString());
    if (s.sizeBytes().isPresent()) {
      p.put("size", Long.toString(s.sizeBytes().getAsLong()));
    }
    p.put("copy-method", copyMethod);
    description.ifPresent(d -> p.put("description", d));
    s.labels().forEach((k, v) -> p.put(LABEL_PREFIX + k, v));
    writeAtomically(file, p);
  }

  /**
   * Reads a snapshot's metadata.
   *
   * @return empty when the file does not exist
   * @throws IOException when it cannot be read or is malformed
   */
  static Optional<Snapshot> readSnapshot(Path file, Map<String, String> extraAttributes) throws IOException {
    Optional<Properties> maybe = read(file);
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Properties p = maybe.get();
    try {
      String id = required(p, "id", file);
      Map<String, String> attributes = new LinkedHashMap<>(extraAttributes);
      attributes.put("local.copy-method", p.getProperty("copy-method", "copy"));
      String description = p.getProperty("description");
      if (description != null) {
        attributes.put("local.description", description);
      }
      String size = p.getProperty("size");
      return Optional.of(new Snapshot(
          id,
          p.getProperty("name", id),
          VolumeRef.of(required(p, "source", file)),
          SnapshotState.valueOf(required(p, "state", file)),
          Instant.parse(required(p, "cutAt", file)),
          size == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(size)),
          labels(p),
          attributes,
          Optional.empty()));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IOException("malformed snapshot metadata " + file + ": " + e.getMessage(), e);
    }
  }

  static void writeVolume(Path file, VolumeMeta m) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("format", "1");
    p.put("name", m.name());
    p.put("state", m.ready() ? "ready" : "creating");
    m.sourceSnapshotId().ifPresent(v -> p.put("sourceSnapshot", v));
    m.createdAt().ifPresent(v -> p.put("createdAt", v.toString()));
    if (m.sizeBytes().isPresent()) {
      p.put("size", Long.toString(m.sizeBytes().getAsLong()));
    }
    p.put("copy-method", m.copyMethod());
    m.labels().forEach((k, v) -> p.put(LABEL_PREFIX + k, v));
    writeAtomically(file, p);
  }

  /** @return empty when the file does not exist */
  static Optional<VolumeMeta> readVolume(Path file) throws IOException {
    Optional<Properties> maybe = read(file);
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Properties p = maybe.get();
    try {
      String created = p.getProperty("createdAt");
      String size = p.getProperty("size");
      return Optional.of(new VolumeMeta(
          required(p, "name", file),
          "ready".equals(p.getProperty("state")),
          Optional.ofNullable(p.getProperty("sourceSnapshot")),
          created == null ? Optional.empty() : Optional.of(Instant.parse(created)),
          size == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(size)),
          p.getProperty("copy-method", "copy"),
          labels(p)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IOException("malformed volume metadata " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code content} to {@code file} atomically and durably (temp, fsync, rename, fsync dir). */
  static void writeAtomically(Path file, Map<String, String> content) throws IOException {
    Properties props = new Properties();
    props.putAll(content);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    props.store(buf, "snapfork local metadata");
    writeBytesAtomically(file, buf.toByteArray());
  }

  static void writeBytesAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + LocalLayout.TMP + LocalLayout.random(LocalLayout.RAND_LENGTH));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Io.fsyncDirectory(file.getParent());
  }

  static Optional<String> readString(Path file) throws IOException {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static Optional<Properties> read(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  private static String required(Properties p, String key, Path file) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException("malformed metadata " + file + ": missing '" + key + "'");
    }
    return v;
  }

  private static Map<String, String> labels(Properties p) {
    Map<String, String> labels = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(LABEL_PREFIX)) {
        labels.put(k.substring(LABEL_PREFIX.length()), p.getProperty(k));
      }
    }
    return labels;
  }
}
