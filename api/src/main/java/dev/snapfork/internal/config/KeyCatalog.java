package dev.snapfork.internal.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.CoreKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key Snapfork knows: the core keys plus {@code configKeys()} of each discovered provider
 * and hook. A known key ending in {@code .*} (e.g. {@code labels.*}) accepts any key below it.
 */
public final class KeyCatalog {
  private static final String WILDCARD = ".*";

  private final Set<String> coreKeys;
  private final Map<String, Component> providers = new LinkedHashMap<>();
  private final Map<String, Component> hooks = new LinkedHashMap<>();
  private final Set<String> exactKeys = new TreeSet<>();
  private final List<String> wildcardPrefixes = new ArrayList<>();

  /**
   * @throws ConfigurationException when a provider's name clashes with a core key or with
   *     {@code hook}
   */
  public KeyCatalog(Set<String> coreKeys, Collection<Component> components) {
    this.coreKeys = Set.copyOf(coreKeys);
    coreKeys.forEach(this::addKey);
    for (Component c : components) {
      if (c.kind().equals("hook")) {
        hooks.put(c.name(), c);
      } else {
        String asCore = CoreKeys.PREFIX + c.name();
        if (c.name().equals("hook") || coreKeys.contains(asCore) || c.name().contains(".")) {
          throw new ConfigurationException(CoreKeys.PROVIDER,
              "provider factory name '" + c.name() + "' is reserved or contains a dot; rename the provider");
        }
        providers.put(c.name(), c);
      }
      c.keys().forEach(k -> addKey(c.prefix() + k));
    }
  }

  private void addKey(String fullKey) {
    if (fullKey.endsWith(WILDCARD)) {
      wildcardPrefixes.add(fullKey.substring(0, fullKey.length() - 1));
    } else {
      exactKeys.add(fullKey);
    }
  }

  /** Whether {@code fullKey} is a core, provider or hook key. */
  public boolean isKnown(String fullKey) {
    return exactKeys.contains(fullKey) || wildcardPrefix(fullKey).isPresent();
  }

  /** The wildcard prefix (ending in a dot) that accepts {@code fullKey}, if any. */
  public Optional<String> wildcardPrefix(String fullKey) {
    return wildcardPrefixes.stream().filter(p -> fullKey.startsWith(p) && fullKey.length() > p.length()).findFirst();
  }

  /** Whether the value of {@code fullKey} must be masked. */
  public boolean isSecret(String fullKey) {
    if (Masking.secretByName(fullKey)) {
      return true;
    }
    return owner(fullKey).map(c -> c.secretKeys().contains(fullKey.substring(c.prefix().length()))).orElse(false);
  }

  /** The provider or hook whose prefix {@code fullKey} falls under. */
  public Optional<Component> owner(String fullKey) {
    if (fullKey.startsWith(CoreKeys.HOOK_PREFIX)) {
      return hooks.values().stream().filter(c -> fullKey.startsWith(c.prefix())).findFirst();
    }
    return providers.values().stream().filter(c -> fullKey.startsWith(c.prefix())).findFirst();
  }

  /** Whether {@code fullKey} is a core key (or below a core wildcard key). */
  public boolean isCore(String fullKey) {
    if (coreKeys.contains(fullKey)) {
      return true;
    }
    return coreKeys.stream().filter(k -> k.endsWith(WILDCARD))
        .anyMatch(k -> fullKey.startsWith(k.substring(0, k.length() - 1)));
  }

  /** The exact known keys (full names), sorted. */
  public Set<String> exactKeys() {
    return exactKeys;
  }

  /** The known wildcard prefixes, each ending in a dot. */
  public List<String> wildcardPrefixes() {
    return wildcardPrefixes;
  }

  /** The core keys (full names). */
  public Set<String> coreKeys() {
    return coreKeys;
  }

  /** Discovered providers by name. */
  public Map<String, Component> providers() {
    return providers;
  }

  /** Discovered hooks by name. */
  public Map<String, Component> hooks() {
    return hooks;
  }
}
