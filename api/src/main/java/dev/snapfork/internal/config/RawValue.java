package dev.snapfork.internal.config;

/**
 * A value read from one source, before precedence is applied.
 *
 * @param key the full key
 * @param value the raw value
 * @param origin where it came from in words, e.g. {@code environment variable SNAPFORK_PROVIDER}
 */
public record RawValue(String key, String value, String origin) {}
