package dev.snapfork;

import java.util.Map;

/** Label-subset matching shared by the filters. */
final class LabelMatch {
  private LabelMatch() {}

  static boolean all(Map<String, String> required, Map<String, String> actual) {
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!e.getValue().equals(actual.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
