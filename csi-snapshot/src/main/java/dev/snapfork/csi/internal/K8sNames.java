package dev.snapfork.csi.internal;

import dev.snapfork.spi.Checks;
import dev.snapfork.InvalidRequestException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kubernetes naming rules, checked before any API call so bad input fails with an
 * {@link InvalidRequestException} naming the field and the rule instead of a 422 from the server.
 */
public final class K8sNames {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  /** Longest DNS-1123 label (namespaces). */
  public static final int LABEL_MAX = 63;
  /** Longest DNS-1123 subdomain (object names). */
  public static final int SUBDOMAIN_MAX = 253;

  private K8sNames() {}

  /** A namespace: a DNS-1123 label. */
  public static String namespace(String field, String value) {
    Checks.notBlank(field, value);
    if (value.length() > LABEL_MAX || !DNS1123_LABEL.matcher(value).matches()) {
      throw new InvalidRequestException(field, "must be a DNS-1123 label (lower-case letters, digits and '-', "
          + "starting and ending with a letter or digit, at most 63 characters), got '" + value + "'");
    }
    return value;
  }

  /** An object name (VolumeSnapshot, PVC, class): a DNS-1123 subdomain. */
  public static String objectName(String field, String value) {
    Checks.notBlank(field, value);
    if (value.length() > SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.matcher(value).matches()) {
      throw new InvalidRequestException(field, "must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', "
          + "starting and ending with a letter or digit, at most 253 characters), got '" + value + "'");
    }
    return value;
  }

  /** Checks every key and value of a label map against the Kubernetes label rules. */
  public static Map<String, String> labels(String field, Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      labelKey(field + "[" + e.getKey() + "]", e.getKey());
      labelValue(field + "[" + e.getKey() + "]", e.getValue());
    }
    return labels;
  }

  /** A label key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
  public static void labelKey(String field, String key) {
    Checks.notBlank(field, key);
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        throw new InvalidRequestException(field, "label key prefix must be a DNS-1123 subdomain of at most 253 characters, got '"
            + prefix + "'");
      }
    }
    if (name.isEmpty() || name.length() > LABEL_MAX || !LABEL_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(field, "label key name must be at most 63 characters of letters, digits, '-', '_' "
          + "and '.', starting and ending with a letter or digit, got '" + name + "'");
    }
  }

  /** A label value: empty, or at most 63 characters of letters, digits, '-', '_', '.', alphanumeric at both ends. */
  public static void labelValue(String field, String value) {
    if (value == null) {
      throw new InvalidRequestException(field, "label value is required");
    }
    if (value.isEmpty()) {
      return;
    }
    if (value.length() > LABEL_MAX || !LABEL_NAME.matcher(value).matches()) {
      throw new InvalidRequestException(field, "label value must be at most 63 characters of letters, digits, '-', '_' "
          + "and '.', starting and ending with a letter or digit, got '" + value + "'");
    }
  }
}
