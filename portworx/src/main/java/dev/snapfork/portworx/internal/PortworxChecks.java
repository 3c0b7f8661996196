package dev.snapfork.portworx.internal;

import dev.snapfork.InvalidRequestException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules Portworx applies to names and labels, checked before any call so that bad input gets
 * an {@link InvalidRequestException} naming the field and the rule.
 */
public final class PortworxChecks {
  /** Label keys: an optional DNS-subdomain prefix and '/', then a name segment of at most 63 characters. */
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
  private static final Pattern KEY_PREFIX = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private PortworxChecks() {}

  /**
   * A volume or snapshot name: beyond the API's alphabet and length, not all digits (Portworx
   * volume ids are numeric, so such a name would be taken for an id) (checked on top of the API's own name rules).
   */
  public static String name(String field, String name) {
    if (DIGITS.matcher(name).matches()) {
      throw new InvalidRequestException(field, "must not be all digits (Portworx would take it for a volume id), got '" + name + "'");
    }
    return name;
  }

  /** Label keys in the Kubernetes form Portworx accepts; values without ',' (the label list separator). */
  public static void labels(String field, Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      String segment = key;
      int slash = key.indexOf('/');
      if (slash >= 0) {
        String prefix = key.substring(0, slash);
        segment = key.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 253 || !KEY_PREFIX.matcher(prefix).matches()) {
          throw new InvalidRequestException(field + "[" + key + "]",
              "label key prefix must be a lower-case DNS subdomain of at most 253 characters");
        }
      }
      if (!KEY_NAME.matcher(segment).matches()) {
        throw new InvalidRequestException(field + "[" + key + "]", "label key name must be 1-63 characters of letters, digits, "
            + "'-', '_' and '.', starting and ending with a letter or digit, after an optional 'prefix/'");
      }
      if (e.getValue().indexOf(',') >= 0) {
        throw new InvalidRequestException(field + "[" + key + "]", "label values must not contain ','");
      }
    }
  }
}
