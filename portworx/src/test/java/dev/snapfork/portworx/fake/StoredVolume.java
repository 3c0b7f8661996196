package dev.snapfork.portworx.fake;

import java.time.Instant;
import java.util.Map;

/** One volume (or snapshot, or clone) held by the fake server. Mutable under the server's lock. */
final class StoredVolume {
  final String id;
  final String name;
  final Map<String, String> labels;
  final String parent;
  final boolean readonly;
  final long size;
  final Instant ctime;
  String state = "VOLUME_STATE_DETACHED";
  String error = "";
  byte[] data;

  StoredVolume(String id, String name, Map<String, String> labels, String parent, boolean readonly, long size, byte[] data) {
    this.id = id;
    this.name = name;
    this.labels = Map.copyOf(labels);
    this.parent = parent;
    this.readonly = readonly;
    this.size = size;
    this.ctime = Instant.now();
    this.data = data.clone();
  }
}
