package dev.celeriac.cli;

import dev.celeriac.broker.ConfigKey;
import java.util.Map;
import picocli.CommandLine;

/**
 * Option defaults from the configuration keys ({@link CliKeys#EVERY}): the {@code CELERIAC_*}
 * environment variable when set, else the declared default. Options without a key keep their
 * annotation's default.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec spec) {
    if (spec instanceof CommandLine.Model.OptionSpec option) {
      return ConfigKey.forFlag(option.longestName(), CliKeys.EVERY)
          .map(key -> key.resolve(environment))
          .orElse(null);
    }
    return null;
  }
}
