package dev.snapfork.internal.config;

import java.util.Set;

/**
 * One discovered provider or hook as the key catalog sees it.
 *
 * @param kind {@code provider} or {@code hook}
 * @param name the factory's name
 * @param prefix the key prefix, e.g. {@code snapfork.portworx.} or {@code snapfork.hook.mongo.}
 * @param keys the relative keys it reads; a key ending in {@code .*} accepts any key below it
 * @param secretKeys the relative keys whose values are secret
 */
public record Component(String kind, String name, String prefix, Set<String> keys, Set<String> secretKeys) {
  public Component {
    keys = Set.copyOf(keys);
    secretKeys = Set.copyOf(secretKeys);
  }
}
