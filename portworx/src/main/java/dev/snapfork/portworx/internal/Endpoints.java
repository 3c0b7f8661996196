package dev.snapfork.portworx.internal;

import dev.snapfork.ConfigurationException;
import java.util.Locale;

/** Parses {@code host:port} endpoints and tells loopback hosts apart (without DNS). */
public final class Endpoints {
  private Endpoints() {}

  /** A parsed endpoint. */
  public record HostPort(String host, int port) {}

  public static HostPort parse(String endpoint) {
    String e = endpoint.trim();
    int colon = e.lastIndexOf(':');
    if (e.isEmpty() || colon <= 0 || colon == e.length() - 1 || e.contains("://")) {
      throw new ConfigurationException("snapfork.portworx.endpoint", "must be host:port (e.g. px-api.example:9020), got '" + endpoint + "'");
    }
    String host = e.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(e.substring(colon + 1));
    } catch (NumberFormatException ex) {
      throw new ConfigurationException("snapfork.portworx.endpoint", "port must be a number, got '" + endpoint + "'", ex);
    }
    if (port < 1 || port > 65535) {
      throw new ConfigurationException("snapfork.portworx.endpoint", "port must be between 1 and 65535, got " + port);
    }
    return new HostPort(host, port);
  }

  /** Loopback by name or literal address only: no DNS lookup. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }
}

