package dev.celeriac.monitor;

import dev.celeriac.beat.BeatSettings;
import dev.celeriac.broker.ConfigKey;
import java.util.List;

/**
 * The configuration keys of the web monitor (see {@link ConfigKey}): what {@code celeriac monitor}
 * reads from its flags and {@code CELERIAC_*} variables into {@link MonitorSettings}.
 */
public final class MonitorKeys {

  public static final ConfigKey MONITOR_ADDRESS =
      new ConfigKey(
          "CELERIAC_MONITOR_ADDRESS",
          "--address",
          "127.0.0.1",
          "interface the web monitor listens on; other than loopback needs --basic-auth");

  public static final ConfigKey MONITOR_PORT =
      new ConfigKey("CELERIAC_MONITOR_PORT", "--port", "5555", "port of the web monitor");

  public static final ConfigKey MONITOR_BASIC_AUTH =
      new ConfigKey(
          "CELERIAC_MONITOR_BASIC_AUTH",
          "--basic-auth",
          "",
          "user:password the web monitor asks for; empty: no login (loopback only)");

  public static final ConfigKey MONITOR_MAX_TASKS =
      new ConfigKey(
          "CELERIAC_MONITOR_MAX_TASKS",
          "--max-tasks",
          "10000",
          "tasks the web monitor keeps in memory");

  public static final ConfigKey BROKER_API =
      new ConfigKey(
          "CELERIAC_BROKER_API",
          "--broker-api",
          "",
          "RabbitMQ management API URL for queue figures; empty: the broker's host, port 15672");

  public static final ConfigKey MONITOR_BEAT_GROUP =
      new ConfigKey(
          "CELERIAC_MONITOR_BEAT_GROUP",
          "--beat-group",
          BeatSettings.DEFAULT_GROUP,
          "the celeriac beat group whose sender and entries the web monitor shows");

  /** Every key above. */
  public static final List<ConfigKey> ALL =
      List.of(
          MONITOR_ADDRESS,
          MONITOR_PORT,
          MONITOR_BASIC_AUTH,
          MONITOR_MAX_TASKS,
          BROKER_API,
          MONITOR_BEAT_GROUP);

  private MonitorKeys() {}
}
