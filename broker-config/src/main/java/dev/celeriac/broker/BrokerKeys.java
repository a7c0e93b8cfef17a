package dev.celeriac.broker;

import java.util.List;

/** The configuration keys of the broker connection and topology (see {@link ConfigKey}). */
public final class BrokerKeys {

  public static final ConfigKey BROKER_URL =
      new ConfigKey(
          "CELERIAC_BROKER_URL",
          "--broker",
          BrokerUrl.DEFAULT,
          "broker URL(s), ';'-separated for failover");

  public static final ConfigKey QUEUE_TYPE =
      new ConfigKey(
          "CELERIAC_QUEUE_TYPE",
          "--queue-type",
          "classic",
          "classic or quorum; clients and workers must agree");

  public static final ConfigKey CONNECT_ATTEMPTS =
      new ConfigKey(
          "CELERIAC_CONNECT_ATTEMPTS",
          "--connect-attempts",
          "5",
          "connection attempts before start-up gives up");

  /** Every key above. */
  public static final List<ConfigKey> ALL = List.of(BROKER_URL, QUEUE_TYPE, CONNECT_ATTEMPTS);

  private BrokerKeys() {}
}
