package dev.snapfork.config;

import dev.snapfork.internal.config.Masking;
import java.util.Objects;

/**
 * One effective configuration value with its provenance, as shown by a {@code config show}
 * command. {@link #toString()} and {@link #displayValue()} mask secrets; only {@link #value()}
 * returns the raw value.
 *
 * @param key the full key, e.g. {@code snapfork.portworx.endpoint}
 * @param value the raw value (may be a secret: do not print it)
 * @param source the layer that won
 * @param origin the exact origin in words, e.g. {@code environment variable SNAPFORK_PROVIDER} or
 *     {@code file /etc/snapfork.yaml}
 * @param secret whether the value is secret (marked by its factory, or a key naming a token,
 *     password, secret or credentials)
 */
public record ConfigValue(String key, String value, ConfigSource source, String origin, boolean secret) {
  public ConfigValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
  }

  /** The value as it may be shown: {@code ****} for secrets, URI passwords masked otherwise. */
  public String displayValue() {
    return secret ? Masking.MASK : Masking.maskUriCredentials(value);
  }

  @Override
  public String toString() {
    return key + "=" + displayValue() + " (" + origin + ")";
  }
}
