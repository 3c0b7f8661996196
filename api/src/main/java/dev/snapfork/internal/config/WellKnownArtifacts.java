package dev.snapfork.internal.config;

import java.util.Map;
import java.util.Optional;

/** The Maven artifact that adds each well-known provider or hook, for "add this artifact" errors. */
public final class WellKnownArtifacts {
  private static final Map<String, String> PROVIDERS = Map.of(
      "portworx", "dev.snapfork:snapfork-portworx",
      "csi", "dev.snapfork:snapfork-csi-snapshot",
      "ebs", "dev.snapfork:snapfork-ebs",
      "local", "dev.snapfork:snapfork-api");
  private static final Map<String, String> HOOKS = Map.of(
      "mongo", "dev.snapfork:snapfork-mongo-consistency",
      "mysql", "dev.snapfork:snapfork-mysql-consistency",
      "postgres", "dev.snapfork:snapfork-postgres-consistency");

  private WellKnownArtifacts() {}

  /** The artifact that adds the provider named {@code name}, if it is a well-known one. */
  public static Optional<String> provider(String name) {
    return Optional.ofNullable(PROVIDERS.get(name));
  }

  /** The artifact that adds the hook named {@code name}, if it is a well-known one. */
  public static Optional<String> hook(String name) {
    return Optional.ofNullable(HOOKS.get(name));
  }

  /** Every well-known backend artifact (not the built-in {@code local}), sorted by name. */
  public static String backendList() {
    return PROVIDERS.entrySet().stream()
        .filter(e -> !e.getKey().equals("local"))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue() + " (" + e.getKey() + ")")
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
