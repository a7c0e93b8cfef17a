package dev.celeriac.broker;

import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One setting read from outside the program: its environment variable, its command-line flag, its
 * default and what it means. Each module declares the keys it reads in one class of its own ({@link
 * BrokerKeys} here, {@code WorkerKeys}, {@code MonitorKeys}, {@code CliKeys}); the CLI takes its
 * option defaults from all of them, and docs/configuration.md lists them all.
 *
 * <pre>{@code
 * String url = BrokerKeys.BROKER_URL.resolve(System.getenv());
 * }</pre>
 *
 * @param env the environment variable, {@code CELERIAC_*}
 * @param flag the long command-line flag, e.g. {@code --broker}
 * @param defaultValue the value when neither is given; empty for "none" or "computed"
 */
public record ConfigKey(String env, String flag, String defaultValue, String description) {

  public ConfigKey {
    ConfigurationException.require(
        env != null && env.startsWith("CELERIAC_"),
        "a configuration key's variable must start with CELERIAC_; got " + env);
    ConfigurationException.require(
        flag != null && flag.startsWith("--"),
        "a configuration key's flag must be a long option (--name); got " + flag);
    ConfigurationException.require(
        defaultValue != null, "configuration key " + env + " needs a default (empty for none)");
  }

  /**
   * The value from the environment when set and not blank; else the content of the file named by
   * {@code <env>_FILE} (e.g. {@code CELERIAC_BROKER_URL_FILE}), for secrets mounted as files; else
   * the default.
   *
   * @throws ConfigurationException when the named file cannot be read
   */
  public String resolve(Map<String, String> environment) {
    Optional<String> direct = Optional.ofNullable(environment.get(env)).filter(v -> !v.isBlank());
    if (direct.isPresent()) {
      return direct.get();
    }
    String file = environment.get(fileEnv());
    if (file == null || file.isBlank()) {
      return defaultValue;
    }
    try {
      return Files.readString(Path.of(file.strip())).strip();
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          fileEnv() + " names '" + file + "', which cannot be read: " + e.getMessage());
    }
  }

  /** The environment variable naming a file that holds the value: {@code <env>_FILE}. */
  public String fileEnv() {
    return env + "_FILE";
  }

  /** The key among {@code keys} whose flag is {@code flag}, if any. */
  public static Optional<ConfigKey> forFlag(String flag, Collection<ConfigKey> keys) {
    return keys.stream().filter(key -> key.flag.equals(flag)).findFirst();
  }
}
