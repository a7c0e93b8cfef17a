package dev.celeriac.worker.cli;

import dev.celeriac.broker.BrokerSettings;
import picocli.CommandLine.Option;

/** {@code -b/--broker} and connection options, shared by every command that talks to the broker. */
public final class BrokerOptions {

  @Option(
      names = {"-b", "--broker"},
      paramLabel = "URL",
      description =
          "Broker URL(s), ';'-separated for failover (env CELERIAC_BROKER_URL; default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--connect-attempts",
      paramLabel = "N",
      description = "Connection attempts before giving up (default: ${DEFAULT-VALUE}).")
  int connectAttempts;

  BrokerSettings settings() {
    return BrokerSettings.builder().url(url).connectAttempts(connectAttempts).build();
  }
}
