package dev.celeriac.client.results;

import dev.celeriac.broker.ConfigKey;
import java.util.List;

/**
 * The configuration keys of result backends (see {@link ConfigKey}): where results live and how
 * long they are kept, as every {@code celeriac} command that stores or reads results takes them
 * ({@code worker}, {@code call}, {@code result}, {@code monitor}). In code they are {@link
 * dev.celeriac.client.CeleriacBuilder#resultBackend}, {@code resultExpires}, {@code resultExtended}
 * and {@code resultPersistent}, and the worker's settings of the same names.
 */
public final class ResultKeys {

  public static final ConfigKey RESULT_BACKEND =
      new ConfigKey(
          "CELERIAC_RESULT_BACKEND",
          "--result-backend",
          "rpc://",
          "where results live: rpc:// or a durable backend such as redis://host:6379/0 or"
              + " db+postgresql://user@host/db");

  public static final ConfigKey RESULT_EXPIRES =
      new ConfigKey(
          "CELERIAC_RESULT_EXPIRES",
          "--result-expires",
          "1d",
          "how long a durable backend keeps a result (Celery's result_expires); 0s: until"
              + " deleted");

  public static final ConfigKey RESULT_EXTENDED =
      new ConfigKey(
          "CELERIAC_RESULT_EXTENDED",
          "--result-extended",
          "false",
          "results also store the task's name, arguments, worker, retries and queue (Celery's"
              + " result_extended)");

  public static final ConfigKey RESULT_PERSISTENT =
      new ConfigKey(
          "CELERIAC_RESULT_PERSISTENT",
          "--result-persistent",
          "false",
          "rpc:// results are persistent messages that survive a broker restart, read with"
              + " acknowledgements (Celery's result_persistent); set it on workers and callers");

  /** Every key above. */
  public static final List<ConfigKey> ALL =
      List.of(RESULT_BACKEND, RESULT_EXPIRES, RESULT_EXTENDED, RESULT_PERSISTENT);

  private ResultKeys() {}
}
