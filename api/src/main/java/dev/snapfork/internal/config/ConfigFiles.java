package dev.snapfork.internal.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.CoreKeys;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Reads a configuration file: YAML ({@code .yaml}, {@code .yml}) or else Java properties. */
public final class ConfigFiles {
  private ConfigFiles() {}

  /**
   * The file's keys, flattened.
   *
   * @throws ConfigurationException naming {@code snapfork.config-file} when the file is missing,
   *     unreadable or malformed
   */
  public static Map<String, String> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(CoreKeys.CONFIG_FILE, "file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigurationException(CoreKeys.CONFIG_FILE, "cannot read file " + file + ": " + e, e);
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YamlSubsetParser.parse(text, file.toString());
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(CoreKeys.CONFIG_FILE, "malformed properties file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
