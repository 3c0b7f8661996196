package dev.snapfork.mongo.internal;

import org.bson.Document;

/**
 * What the locked server is, from its {@code hello} reply (and {@code buildInfo} on a mongos).
 *
 * @param kind standalone, replica-set member or mongos
 * @param setName the replica set name, or empty
 * @param version the server version, or empty when not asked
 * @param secondary whether the member is a secondary
 * @param hidden whether the member is hidden
 */
public record Topology(Kind kind, String setName, String version, boolean secondary, boolean hidden) {
  /** The kinds of server the hook can face. */
  public enum Kind { STANDALONE, REPLICA_MEMBER, MONGOS }

  /** Reads the shape of a {@code hello} reply. */
  public static Topology fromHello(Document hello) {
    if ("isdbgrid".equals(hello.getString("msg"))) {
      return new Topology(Kind.MONGOS, "", "", false, false);
    }
    String setName = hello.getString("setName");
    if (setName != null) {
      return new Topology(Kind.REPLICA_MEMBER, setName, "", Boolean.TRUE.equals(hello.getBoolean("secondary")),
          Boolean.TRUE.equals(hello.getBoolean("hidden")));
    }
    return new Topology(Kind.STANDALONE, "", "", false, false);
  }

  /** This topology with the version {@code buildInfo} reported. */
  public Topology withVersion(String v) {
    return new Topology(kind, setName, v == null ? "" : v, secondary, hidden);
  }

  /**
   * Whether a mongos of this version locks the whole cluster with {@code fsync}: 7.1+, 7.0.2+,
   * 6.0.11+, 5.0.22+, 4.4.25+.
   */
  public static boolean clusterWideFsync(String version) {
    int[] v = parse(version);
    if (v == null) {
      return false;
    }
    int major = v[0];
    int minor = v[1];
    int patch = v[2];
    if (major >= 8) {
      return true;
    }
    if (major == 7) {
      return minor >= 1 || patch >= 2;
    }
    if (major == 6 && minor == 0) {
      return patch >= 11;
    }
    if (major == 5 && minor == 0) {
      return patch >= 22;
    }
    return major == 4 && minor == 4 && patch >= 25;
  }

  private static int[] parse(String version) {
    if (version == null) {
      return null;
    }
    String[] parts = version.split("[.\\-]");
    int[] v = new int[3];
    try {
      for (int i = 0; i < 3; i++) {
        v[i] = i < parts.length ? Integer.parseInt(parts[i]) : 0;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return v;
  }
}
