package dev.snapfork.internal.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.CoreKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps environment variables to keys. {@code SNAPFORK_PORTWORX_ENDPOINT} is
 * {@code snapfork.portworx.endpoint}; since '.' and '-' both become '_', a variable is resolved by
 * matching it against the env form of every known key ({@code SNAPFORK_MAX_FREEZE} is
 * {@code snapfork.max-freeze}). Variables below a wildcard key ({@code labels.*}) keep the rest of
 * their name lower-cased. Variables not starting with {@code SNAPFORK_} are ignored.
 *
 * <p>The environment is shared with everything else the process runs, so an unknown
 * {@code SNAPFORK_*} variable is an error only where it is recognisably meant for Snapfork: below
 * a provider's or hook's prefix ({@code SNAPFORK_PORTWORX_...}, {@code SNAPFORK_HOOK_...}, also for
 * a well-known provider that is not on the class path), or a likely typo of a known variable
 * (within {@link EditDistance#closest} of one, compared after the prefix). Any other unknown
 * {@code SNAPFORK_*} variable is ignored and reported in {@link #ignored()}, which the
 * configuration turns into a warning.
 */
public final class EnvNames {
  /** The prefix of Snapfork environment variables. */
  public static final String PREFIX = "SNAPFORK_";

  private final KeyCatalog catalog;
  private final Map<String, List<String>> keysByEnvName = new TreeMap<>();
  private final List<String> ignored = new ArrayList<>();

  public EnvNames(KeyCatalog catalog) {
    this.catalog = catalog;
    for (String key : catalog.exactKeys()) {
      keysByEnvName.computeIfAbsent(envName(key), n -> new ArrayList<>()).add(key);
    }
  }

  /** The environment variable for a key: upper case, '.' and '-' as '_'. */
  public static String envName(String fullKey) {
    return fullKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The Snapfork values in {@code environment}, keyed by full key.
   *
   * @throws ConfigurationException for a {@code SNAPFORK_*} variable that maps to two keys, or that
   *     maps to none and is recognisably meant for Snapfork (see the class comment), naming the
   *     variable and suggesting the closest one
   */
  public Map<String, RawValue> resolve(Map<String, String> environment) {
    Map<String, RawValue> out = new LinkedHashMap<>();
    ignored.clear();
    new TreeMap<>(environment).forEach((name, value) -> {
      if (!name.startsWith(PREFIX) || value == null) {
        return;
      }
      String origin = "environment variable " + name;
      String key = keyFor(name, origin);
      if (key == null) {
        ignored.add(name);
        return;
      }
      RawValue previous = out.put(key, new RawValue(key, value, origin));
      if (previous != null) {
        throw new ConfigurationException(key, "set twice in the environment, by " + previous.origin() + " and " + origin);
      }
    });
    return out;
  }

  private String keyFor(String name, String origin) {
    List<String> keys = keysByEnvName.get(name);
    if (keys != null && keys.size() == 1) {
      return keys.get(0);
    }
    if (keys != null) {
      throw new ConfigurationException(name, "ambiguous (from " + origin + "): it matches " + String.join(" and ", keys)
          + "; set the key as a system property or in the file instead");
    }
    for (String prefix : catalog.wildcardPrefixes()) {
      String envPrefix = envName(prefix);
      if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
        return prefix + name.substring(envPrefix.length()).toLowerCase(Locale.ROOT);
      }
    }
    ConfigurationException unknown = unknown(name, origin);
    if (unknown == null) {
      return null;
    }
    throw unknown;
  }

  /**
   * The {@code SNAPFORK_*} variables the last {@link #resolve} ignored because they map to no key
   * and are not recognisably meant for Snapfork (e.g. another tool's {@code SNAPFORK_DB_ROOT}).
   */
  public List<String> ignored() {
    return List.copyOf(ignored);
  }

  /** The error for an unknown variable meant for Snapfork, or null for one that is not. */
  private ConfigurationException unknown(String name, String origin) {
    String[] parts = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_");
    boolean componentScoped = parts.length > 1 && (parts[0].equals("hook") || catalog.providers().containsKey(parts[0])
        || WellKnownArtifacts.provider(parts[0]).isPresent());
    if (!componentScoped && !isLikelyTypo(name)) {
      return null;
    }
    KeyValidator validator = new KeyValidator(catalog);
    // A variable for a provider or hook that is not on the class path gets the "add artifact" error.
    if (parts.length > 2 && parts[0].equals("hook") && !catalog.hooks().containsKey(parts[1])) {
      return validator.unknown(CoreKeys.HOOK_PREFIX + parts[1] + "." + join(parts, 2), origin);
    }
    if (parts.length > 1 && !catalog.providers().containsKey(parts[0])
        && WellKnownArtifacts.provider(parts[0]).isPresent()) {
      return validator.unknown(CoreKeys.PREFIX + parts[0] + "." + join(parts, 1), origin);
    }
    Optional<String> close = EditDistance.closest(name, keysByEnvName.keySet());
    String suggestion = close.map(n -> "; did you mean " + n + " (" + keysByEnvName.get(n).get(0) + ")?").orElse("");
    String scope = "";
    if (parts.length > 1) {
      Component c = parts[0].equals("hook") && parts.length > 2 ? catalog.hooks().get(parts[1]) : catalog.providers().get(parts[0]);
      if (c != null) {
        scope = "; known keys under " + c.prefix() + ": " + String.join(", ", new java.util.TreeSet<>(c.keys()));
      }
    }
    return new ConfigurationException(name, "unknown key (from " + origin + "): no Snapfork key maps to it" + suggestion + scope);
  }

  /** Whether the part after {@code SNAPFORK_} is within a typo's distance of a known variable's. */
  private boolean isLikelyTypo(String name) {
    List<String> suffixes = keysByEnvName.keySet().stream().filter(n -> n.startsWith(PREFIX))
        .map(n -> n.substring(PREFIX.length())).toList();
    return EditDistance.closest(name.substring(PREFIX.length()), suffixes).isPresent();
  }

  private static String join(String[] parts, int from) {
    return String.join("_", java.util.Arrays.copyOfRange(parts, from, parts.length));
  }
}
