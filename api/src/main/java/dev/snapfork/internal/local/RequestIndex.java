package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Request id to object id, so a retried create finds its earlier attempt without reading every
 * snapshot's metadata. A hint only: callers confirm the answer against the object's own
 * {@link dev.snapfork.Labels#REQUEST_ID} label, so a stale entry (crash, delete) is harmless.
 */
final class RequestIndex {
  private final Path dir;

  /** @param dir one directory per kind, e.g. {@code requests/snapshot} */
  RequestIndex(Path dir) {
    this.dir = dir;
  }

  Optional<String> lookup(String requestId) throws IOException {
    return MetadataStore.readString(dir.resolve(requestId)).filter(s -> !s.isEmpty());
  }

  void record(String requestId, String id) throws IOException {
    Files.createDirectories(dir);
    MetadataStore.writeBytesAtomically(dir.resolve(requestId), id.getBytes(StandardCharsets.UTF_8));
  }

  /** Removes the entry if it still points at {@code id}. */
  void remove(String requestId, String id) throws IOException {
    if (lookup(requestId).filter(id::equals).isPresent()) {
      Files.deleteIfExists(dir.resolve(requestId));
    }
  }
}
