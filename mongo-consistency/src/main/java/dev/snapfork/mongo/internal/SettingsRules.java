package dev.snapfork.mongo.internal;

import com.mongodb.ConnectionString;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.config.Secret;
import dev.snapfork.mongo.MemberPreference;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The input rules of the MongoDB hook's settings, checked before any connection. */
public final class SettingsRules {
  private SettingsRules() {}

  /** @throws InvalidRequestException when null, zero or negative */
  public static Duration positive(String field, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new InvalidRequestException(field, "must be a positive duration, got " + d);
    }
    return d;
  }

  /** @throws InvalidRequestException when null or negative */
  public static Duration notNegative(String field, Duration d) {
    if (d == null || d.isNegative()) {
      throw new InvalidRequestException(field, "must be zero or a positive duration, got " + d);
    }
    return d;
  }

  /** @throws InvalidRequestException when not {@code host:port} with a port in 1..65535 */
  public static String hostAndPort(String field, String value) {
    String rule = "must be host:port with a port between 1 and 65535";
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, rule + ", got nothing");
    }
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1 || v.indexOf('/') >= 0 || v.indexOf('@') >= 0 || v.indexOf(',') >= 0) {
      throw new InvalidRequestException(field, rule + ", got '" + v + "'");
    }
    try {
      int port = Integer.parseInt(v.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new InvalidRequestException(field, rule + ", got '" + v + "'");
      }
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(field, rule + ", got '" + v + "'");
    }
    return v.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the connection string without connecting. The driver's message is not kept: it may
   * quote the string, credentials included.
   *
   * @throws InvalidRequestException on a malformed string
   */
  public static ConnectionString parse(Secret connectionString) {
    String raw = connectionString.reveal();
    if (raw.isBlank()) {
      throw new InvalidRequestException("connection-string", "must not be blank");
    }
    if (!raw.startsWith("mongodb://") && !raw.startsWith("mongodb+srv://")) {
      throw new InvalidRequestException("connection-string", "must start with mongodb:// or mongodb+srv://");
    }
    try {
      return new ConnectionString(raw);
    } catch (RuntimeException e) {
      throw new InvalidRequestException("connection-string",
          "is not a valid MongoDB connection string (mongodb://[user:password@]host:port[,host:port...]/[?options]); value hidden");
    }
  }

  /**
   * Checks that the member to lock can be told from the settings.
   *
   * @throws InvalidRequestException when the member is not among the listed hosts, or when
   *     several hosts are listed and neither a member nor a preference picks one
   */
  public static void checkTarget(Secret connectionString, String member, MemberPreference preference) {
    ConnectionString cs = parse(connectionString);
    boolean srv = connectionString.reveal().startsWith("mongodb+srv://");
    List<String> hosts = srv ? List.of() : cs.getHosts().stream().map(SettingsRules::withPort).toList();
    if (member != null) {
      if (preference != MemberPreference.CONNECTION_STRING) {
        throw new InvalidRequestException("member", "set either member or member-preference, not both");
      }
      if (!srv && !hosts.contains(member)) {
        throw new InvalidRequestException("member", "unknown member '" + member + "': must be one of the hosts the connection string lists " + hosts);
      }
      return;
    }
    if (preference == MemberPreference.CONNECTION_STRING && (srv || hosts.size() != 1)) {
      throw new InvalidRequestException("member",
          "the connection string names " + (srv ? "an SRV record" : hosts.size() + " hosts")
              + ": set member (host:port) or member-preference (secondary, hidden) to say which member's disk is snapshotted");
    }
  }

  /** {@code host} or {@code host:port}, lower-cased, with MongoDB's default port added. */
  public static String withPort(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return h.contains("]:") ? h : h + ":27017";
    }
    return h.lastIndexOf(':') > 0 ? h : h + ":27017";
  }
}
