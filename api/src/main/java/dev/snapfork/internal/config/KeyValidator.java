package dev.snapfork.internal.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.CoreKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks keys against a {@link KeyCatalog} and builds the error for an unknown one: it names the
 * key and where it came from, suggests the closest known key, lists the known keys under the
 * prefix, and says which artifact to add when the key belongs to a provider or hook that is not on
 * the class path.
 */
public final class KeyValidator {
  private final KeyCatalog catalog;

  public KeyValidator(KeyCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * @param origin where the key came from, e.g. {@code file /x/snapfork.yaml}
   * @throws ConfigurationException when {@code fullKey} is not under {@code snapfork.} or not known
   */
  public void check(String fullKey, String origin) {
    if (!fullKey.startsWith(CoreKeys.PREFIX)) {
      throw new ConfigurationException(fullKey, "not a Snapfork key (from " + origin + "); keys must start with "
          + CoreKeys.PREFIX);
    }
    if (!catalog.isKnown(fullKey)) {
      throw unknown(fullKey, origin);
    }
  }

  /** The error for a key under {@code snapfork.} that is not known. */
  public ConfigurationException unknown(String fullKey, String origin) {
    String rest = fullKey.substring(CoreKeys.PREFIX.length());
    String from = " (from " + origin + ")";
    if (fullKey.startsWith(CoreKeys.HOOK_PREFIX) && rest.indexOf('.', "hook.".length()) > 0) {
      String hook = rest.substring("hook.".length(), rest.indexOf('.', "hook.".length()));
      Component c = catalog.hooks().get(hook);
      return c != null
          ? underComponent(fullKey, from, c)
          : missing(fullKey, from, "hook", hook, WellKnownArtifacts.hook(hook), catalog.hooks());
    }
    int dot = rest.indexOf('.');
    if (dot > 0) {
      String name = rest.substring(0, dot);
      Component c = catalog.providers().get(name);
      if (c != null) {
        return underComponent(fullKey, from, c);
      }
      boolean coreLike = catalog.coreKeys().stream().anyMatch(k -> k.startsWith(CoreKeys.PREFIX + name + "."));
      Optional<String> suggestion = EditDistance.closest(fullKey, catalog.exactKeys());
      if (!coreLike && (WellKnownArtifacts.provider(name).isPresent() || suggestion.isEmpty())) {
        return missing(fullKey, from, "provider", name, WellKnownArtifacts.provider(name), catalog.providers());
      }
    }
    return new ConfigurationException(fullKey, "unknown key" + from + didYouMean(fullKey, catalog.exactKeys())
        + "; core keys: " + relative(CoreKeys.PREFIX, new TreeSet<>(catalog.coreKeys())));
  }

  private ConfigurationException underComponent(String fullKey, String from, Component c) {
    List<String> known = c.keys().stream().sorted().toList();
    String rel = fullKey.substring(c.prefix().length());
    String suggestion = EditDistance.closest(rel, known).map(k -> "; did you mean " + c.prefix() + k + "?").orElse("");
    return new ConfigurationException(fullKey, "unknown key" + from + suggestion + "; known keys under " + c.prefix() + ": "
        + (known.isEmpty() ? "(none)" : String.join(", ", known)));
  }

  private static ConfigurationException missing(String fullKey, String from, String kind, String name,
      Optional<String> artifact, Map<String, Component> available) {
    StringBuilder rule = new StringBuilder("no " + kind + " named '" + name + "' is on the class path" + from);
    artifact.ifPresent(a -> rule.append("; add the artifact ").append(a));
    EditDistance.closest(name, available.keySet()).filter(s -> artifact.isEmpty())
        .ifPresent(s -> rule.append("; did you mean ").append(s).append('?'));
    rule.append("; available ").append(kind).append("s: ")
        .append(available.isEmpty() ? "(none)" : String.join(", ", available.keySet()));
    return new ConfigurationException(fullKey, rule.toString());
  }

  private static String didYouMean(String word, java.util.Collection<String> candidates) {
    return EditDistance.closest(word, candidates).map(k -> "; did you mean " + k + "?").orElse("");
  }

  private static String relative(String prefix, java.util.Collection<String> keys) {
    return keys.stream().map(k -> k.substring(prefix.length())).collect(Collectors.joining(", "));
  }
}
