package dev.snapfork.mongo.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Who holds a Snapfork lock record: the host, the process id and the process start time (so a
 * reused pid is not taken for the holder). Written into each record by {@link LockLedger}; read by
 * quiesce (to recognise Snapfork's own stale lock) and by recovery (to refuse unlocking a freeze a
 * live process holds).
 *
 * @param host the host name the holder ran on
 * @param pid the holder's process id
 * @param start the holder's process start time, when the platform reports it
 */
public record LockHolder(String host, long pid, Optional<Instant> start) {
  /** Whether the holder is running, as far as this process can tell. */
  public enum Liveness {
    /** Running now on this host (same pid, same start time). */
    LIVE,
    /** Not running on this host (no such pid, or that pid belongs to a later process). */
    DEAD,
    /** Cannot be told from here (another host, start time unknown, or an old record without holder): possibly live. */
    UNKNOWN
  }

  private static volatile LockHolder self;

  /** This process. The host name is looked up once (before any lock is requested). */
  public static LockHolder self() {
    LockHolder s = self;
    if (s == null) {
      ProcessHandle me = ProcessHandle.current();
      s = new LockHolder(localHost(), me.pid(), me.info().startInstant());
      self = s;
    }
    return s;
  }

  /** Whether the holder is running: checked with {@link ProcessHandle} when it ran on this host. */
  public Liveness liveness() {
    if (!host.equals(self().host())) {
      return Liveness.UNKNOWN;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return Liveness.DEAD;
    }
    Optional<Instant> running = p.get().info().startInstant();
    if (start.isEmpty() || running.isEmpty()) {
      return Liveness.UNKNOWN;
    }
    return running.get().equals(start.get()) ? Liveness.LIVE : Liveness.DEAD;
  }

  /** "pid 123 on host h (started 2026-01-01T00:00:00Z)". */
  public String describe() {
    return "pid " + pid + " on host " + host + start.map(s -> " (started " + s + ")").orElse("");
  }

  /** The record's text form (key=value lines). */
  String format() {
    return "host=" + host + "\npid=" + pid + "\nstart=" + start.map(Instant::toString).orElse("") + "\n";
  }

  /** Parses {@link #format()}; empty for a record without holder details (written by an older Snapfork) or a malformed one. */
  static Optional<LockHolder> parse(String text) {
    String host = null;
    Long pid = null;
    Optional<Instant> start = Optional.empty();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      try {
        switch (key) {
          case "host" -> host = value;
          case "pid" -> pid = Long.parseLong(value);
          case "start" -> start = value.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(value));
          default -> { }
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return host == null || host.isEmpty() || pid == null ? Optional.empty() : Optional.of(new LockHolder(host, pid, start));
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }
}
