package dev.snapfork.internal.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Decides which keys are secret by name and masks credentials embedded in URIs. */
public final class Masking {
  /** What a secret value is shown as. */
  public static final String MASK = "****";

  private static final String[] SECRET_WORDS = {"token", "password", "secret", "credential"};
  private static final Pattern URI_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

  private Masking() {}

  /** Whether the key's name says it holds a secret (token, password, secret, credentials). */
  public static boolean secretByName(String fullKey) {
    String k = fullKey.toLowerCase(Locale.ROOT);
    for (String w : SECRET_WORDS) {
      if (k.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** {@code mongodb://u:pw@h} becomes {@code mongodb://u:****@h}; other text is unchanged. */
  public static String maskUriCredentials(String value) {
    return URI_PASSWORD.matcher(value).replaceAll("$1:" + MASK + "@");
  }
}
