package dev.snapfork.mysql.internal;

import dev.snapfork.InvalidRequestException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked MySQL/MariaDB JDBC URL: {@code jdbc:mysql://host[:port][/database][?options]} or
 * {@code jdbc:mariadb://...}, one host, no credentials in it (they have keys of their own).
 * Parsed before any connection is made.
 */
public record JdbcUrl(String host, int port, String database, String options) {
  private static final Pattern URL = Pattern.compile("jdbc:(mysql|mariadb)://([^/?#]*)(/[^?#]*)?(\\?[^#]*)?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");

  /**
   * @param field the configuration key or request field named in errors
   * @throws InvalidRequestException naming {@code field} and the rule when malformed
   */
  public static JdbcUrl parse(String field, String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidRequestException(field, "is required: a JDBC URL like jdbc:mariadb://db.example:3306/app");
    }
    Matcher m = URL.matcher(url.trim());
    if (!m.matches()) {
      throw new InvalidRequestException(field, "must be a JDBC URL like jdbc:mariadb://host:3306/db or jdbc:mysql://host:3306/db, got '"
          + shown(url) + "'");
    }
    String authority = m.group(2);
    if (authority.contains("@")) {
      throw new InvalidRequestException(field, "must not carry credentials; set the user and password keys instead");
    }
    if (authority.contains(",")) {
      throw new InvalidRequestException(field, "must name exactly one server (the lock is held on one session of one server)");
    }
    String host = authority;
    int port = 3306;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && !authority.endsWith("]")) {
      host = authority.substring(0, colon);
      String p = authority.substring(colon + 1);
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException(field, "port must be a number between 1 and 65535, got '" + p + "'");
      }
      if (port < 1 || port > 65535) {
        throw new InvalidRequestException(field, "port must be a number between 1 and 65535, got " + port);
      }
    }
    if (!HOST.matcher(host).matches()) {
      throw new InvalidRequestException(field, "must name a host (letters, digits, '.', '-', or [IPv6]), got '" + shown(host) + "'");
    }
    String db = m.group(3) == null ? "" : m.group(3).substring(1);
    String options = m.group(4) == null ? "" : m.group(4).substring(1);
    for (String kv : options.split("&")) {
      String key = kv.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (key.equals("password") || key.equals("user") || key.startsWith("password")) {
        throw new InvalidRequestException(field, "must not carry credentials (option '" + key + "'); set the user and password keys instead");
      }
    }
    return new JdbcUrl(host, port, db, options);
  }

  /** The URL handed to the MariaDB driver (which speaks to MySQL as well). */
  public String driverUrl() {
    return "jdbc:mariadb://" + host + ":" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
  }

  private static String shown(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    // Whatever follows an '@' or 'password=' may be a credential: never echo it.
    return t.replaceAll("(?i)(password=)[^&]*", "$1****").replaceAll("//[^/@]*@", "//****@");
  }

  @Override
  public String toString() {
    return driverUrl();
  }
}
