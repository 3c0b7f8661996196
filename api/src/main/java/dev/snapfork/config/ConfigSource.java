package dev.snapfork.config;

/** Where a configuration value came from, highest precedence first. */
public enum ConfigSource {
  /** Set in code on {@link SnapforkConfig.Builder}. */
  CODE,
  /** A Java system property ({@code -Dsnapfork.provider=ebs}). */
  SYSTEM_PROPERTY,
  /** An environment variable ({@code SNAPFORK_PROVIDER=ebs}). */
  ENVIRONMENT,
  /** The configuration file (.properties or YAML). */
  FILE,
  /** A default ({@link CoreKeys#DEFAULTS} or {@link SnapforkConfig.Builder#defaults}). */
  DEFAULT
}
