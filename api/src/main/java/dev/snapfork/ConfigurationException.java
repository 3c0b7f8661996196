package dev.snapfork;

/**
 * The configuration is wrong: an unknown key under {@code snapfork.}, a value of the wrong shape,
 * a missing required key, or no (or several) providers to choose from. {@link #field()} is the
 * full configuration key ({@code snapfork.portworx.endpoint}) where one is at fault.
 */
public class ConfigurationException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String key, String rule) {
    super(key, rule);
  }

  public ConfigurationException(String key, String rule, Throwable cause) {
    super(key, rule, cause);
  }
}
