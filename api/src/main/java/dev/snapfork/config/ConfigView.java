package dev.snapfork.config;

import dev.snapfork.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys under one prefix (e.g. {@code snapfork.portworx.}), with typed
 * accessors whose errors name the full key and the rule. Immutable.
 */
public final class ConfigView {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String prefix;
  private final Map<String, String> values;

  /**
   * @param prefix the full prefix including the trailing dot, e.g. {@code snapfork.local.}
   * @param values the values keyed relative to the prefix
   */
  public ConfigView(String prefix, Map<String, String> values) {
    this.prefix = prefix;
    this.values = Map.copyOf(values);
  }

  /** An empty view under {@code prefix}. */
  public static ConfigView empty(String prefix) {
    return new ConfigView(prefix, Map.of());
  }

  /** A view of {@code values} (relative keys) under {@code prefix}, for tests and code. */
  public static ConfigView of(String prefix, Map<String, String> values) {
    return new ConfigView(prefix, values);
  }

  /** The prefix, ending in a dot. */
  public String prefix() {
    return prefix;
  }

  /** The full key for a relative key, e.g. {@code snapfork.local.root}. */
  public String fullKey(String key) {
    return prefix + key;
  }

  /** The relative keys that are set. */
  public java.util.Set<String> keys() {
    return values.keySet();
  }

  /** The raw values by relative key. */
  public Map<String, String> asMap() {
    return values;
  }

  /** A string, if set (blank counts as unset). */
  public Optional<String> string(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** A string, or the default. */
  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  /** @throws ConfigurationException when the key is not set */
  public String requireString(String key) {
    return string(key).orElseThrow(() -> new ConfigurationException(fullKey(key), "is required"));
  }

  /** A secret, if set; its value never appears in messages. */
  public Optional<Secret> secret(String key) {
    return string(key).map(Secret::of);
  }

  /** A path, if set; a leading {@code ~/} is the user's home. */
  public Optional<Path> path(String key) {
    return string(key).map(v -> v.startsWith("~/") ? Path.of(System.getProperty("user.home"), v.substring(2)) : Path.of(v));
  }

  /** @throws ConfigurationException when the value is not {@code true} or {@code false} */
  public boolean bool(String key, boolean defaultValue) {
    Optional<String> v = string(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException(fullKey(key), "must be true or false, got '" + v.get() + "'");
    };
  }

  /** @throws ConfigurationException when the value is not an integer within [min, max] */
  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> v = string(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw new ConfigurationException(fullKey(key), "must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(fullKey(key), "must be an integer, got '" + v.get() + "'", e);
    }
  }

  /**
   * A positive duration, written {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}
   * or ISO-8601 ({@code PT30S}).
   *
   * @throws ConfigurationException when malformed, zero or negative
   */
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> v = string(key);
    return v.isEmpty() ? defaultValue : parseDuration(fullKey(key), v.get());
  }

  /** A positive duration, if set. */
  public Optional<Duration> duration(String key) {
    return string(key).map(v -> parseDuration(fullKey(key), v));
  }

  /**
   * One of {@code allowed} (case-insensitive), returned lower-case.
   *
   * @throws ConfigurationException naming the allowed values otherwise
   */
  public String oneOf(String key, String defaultValue, String... allowed) {
    String v = string(key, defaultValue).toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw new ConfigurationException(fullKey(key), "must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }
    return v;
  }

  /** A comma-separated list, trimmed, empty entries dropped. */
  public List<String> list(String key) {
    return string(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
  }

  /** A sub-view for keys under {@code key.} (e.g. {@code labels.} for map-valued settings). */
  public ConfigView sub(String key) {
    String p = key + ".";
    Map<String, String> sub = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(p)) {
        sub.put(k.substring(p.length()), v);
      }
    });
    return new ConfigView(prefix + p, sub);
  }

  /**
   * Parses a duration as documented on {@link #duration(String, Duration)}.
   *
   * @throws ConfigurationException naming {@code fullKey} when malformed or not positive
   */
  public static Duration parseDuration(String fullKey, String text) {
    String t = text.trim();
    Duration d;
    Matcher m = SIMPLE_DURATION.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new ConfigurationException(fullKey, "must be a duration like 250ms, 30s, 5m, 2h or PT30S, got '" + text + "'", e);
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new ConfigurationException(fullKey, "must be a positive duration, got '" + text + "'");
    }
    return d;
  }

  @Override
  public String toString() {
    return "ConfigView{" + prefix + "*, keys=" + values.keySet() + "}";
  }
}
