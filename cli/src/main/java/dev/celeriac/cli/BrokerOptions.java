package dev.celeriac.cli;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.client.Celeriac;
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

  @Option(
      names = "--queue-type",
      paramLabel = "TYPE",
      description =
          "classic or quorum; clients and workers must agree (default: ${DEFAULT-VALUE}).")
  String queueType;

  BrokerSettings settings() {
    return BrokerSettings.builder()
        .url(url)
        .connectAttempts(connectAttempts)
        .queueType(QueueType.parse(queueType))
        .build();
  }

  /** A client app on these settings, shown as {@code connectionName} in the broker's UI. */
  Celeriac connect(String connectionName) {
    return Celeriac.builder().broker(settings()).connectionName(connectionName).build();
  }

  /** {@link #connect(String)} signing remote control when {@code security} turns signing on. */
  Celeriac connect(String connectionName, SecurityOptions security) {
    return Celeriac.builder()
        .broker(settings())
        .connectionName(connectionName)
        .security(security.settings())
        .build();
  }

  /** {@link #connect(String)} with results read through {@code results}. */
  Celeriac connect(String connectionName, ResultBackendOption results) {
    return connect(connectionName, results, null);
  }

  /**
   * {@link #connect(String, ResultBackendOption)} signing the task messages it sends when {@code
   * security} turns signing on.
   */
  Celeriac connect(String connectionName, ResultBackendOption results, SecurityOptions security) {
    return Celeriac.builder()
        .broker(settings())
        .connectionName(connectionName)
        .resultBackend(results.url())
        .resultPersistent(results.persistent)
        .security(security == null ? null : security.settings())
        .build();
  }

  /** {@link #connect(String)} with tasks sent to {@code defaultQueue}. */
  Celeriac connect(String connectionName, String defaultQueue) {
    return Celeriac.builder()
        .broker(settings())
        .defaultQueue(defaultQueue)
        .connectionName(connectionName)
        .build();
  }
}
