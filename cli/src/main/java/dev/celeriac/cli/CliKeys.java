package dev.celeriac.cli;

import dev.celeriac.beat.BeatKeys;
import dev.celeriac.broker.BrokerKeys;
import dev.celeriac.broker.ConfigKey;
import dev.celeriac.client.SecurityKeys;
import dev.celeriac.client.results.ResultKeys;
import dev.celeriac.monitor.MonitorKeys;
import dev.celeriac.worker.WorkerKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration keys of the command line itself (see {@link ConfigKey}), and {@link #EVERY} key
 * the {@code celeriac} commands read, gathered from the modules that declare them.
 */
public final class CliKeys {

  public static final ConfigKey LOG_LEVEL =
      new ConfigKey(
          "CELERIAC_LOGLEVEL", "--loglevel", "warning", "debug, info, warning, error or critical");

  /** The keys declared here. */
  public static final List<ConfigKey> ALL = List.of(LOG_LEVEL);

  /** Every key of every module the CLI runs: broker, results, worker, monitor, beat and its own. */
  public static final List<ConfigKey> EVERY = every();

  private CliKeys() {}

  private static List<ConfigKey> every() {
    List<ConfigKey> keys = new ArrayList<>(BrokerKeys.ALL);
    keys.addAll(ResultKeys.ALL);
    keys.addAll(SecurityKeys.ALL);
    keys.addAll(WorkerKeys.ALL);
    keys.addAll(MonitorKeys.ALL);
    keys.addAll(BeatKeys.ALL);
    keys.addAll(ALL);
    return List.copyOf(keys);
  }
}
