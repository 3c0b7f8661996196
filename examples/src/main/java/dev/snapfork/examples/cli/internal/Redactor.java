package dev.snapfork.examples.cli.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is printed: every known secret value (the configuration's
 * secret keys, secret flags) and the password part of any {@code scheme://user:password@host} URI.
 */
public final class Redactor {
  private static final Pattern URI_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]+@");
  public static final String MASK = "****";

  private final List<String> secrets = new ArrayList<>();

  /** Adds secret values to mask (blank values are ignored). */
  public synchronized void add(Collection<String> values) {
    for (String v : values) {
      if (v != null && v.length() >= 3 && !secrets.contains(v)) {
        secrets.add(v);
      }
    }
    secrets.sort(Comparator.comparingInt(String::length).reversed());
  }

  /** {@code text} with every secret masked; null stays null. */
  public synchronized String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return URI_PASSWORD.matcher(out).replaceAll("$1" + MASK + "@");
  }
}
