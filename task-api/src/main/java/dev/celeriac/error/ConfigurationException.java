package dev.celeriac.error;

/** A setting whose value breaks its rule. The message states the rule and shows the value. */
public class ConfigurationException extends CeleriacException {

  public ConfigurationException(String message) {
    super(message);
  }

  /** Throws unless {@code condition} holds; {@code rule} is the message. */
  public static void require(boolean condition, String rule) {
    if (!condition) {
      throw new ConfigurationException(rule);
    }
  }
}
