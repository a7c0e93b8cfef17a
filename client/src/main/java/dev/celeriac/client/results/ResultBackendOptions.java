package dev.celeriac.client.results;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * The result settings a durable backend needs besides its URL, named after Celery's settings.
 *
 * <pre>{@code
 * ResultBackendOptions options = ResultBackendOptions.defaults().withExpires(Duration.ofHours(1));
 * }</pre>
 *
 * @param expires how long a stored result is kept (Celery's {@code result_expires}, default one
 *     day); {@link Duration#ZERO} keeps it until deleted
 * @param extended whether results also store the call: task name, arguments, worker, retries and
 *     queue (Celery's {@code result_extended}, default off)
 * @param persistent whether {@code rpc://} results are persistent messages, which survive a broker
 *     restart while they wait in the reply queue, and are acknowledged one by one by the client
 *     that reads them (Celery's {@code result_persistent}, default off: transient and not
 *     acknowledged, as Celery sends and reads them, at about half the broker's CPU per task)
 */
public record ResultBackendOptions(Duration expires, boolean extended, boolean persistent) {

  /** Celery's default {@code result_expires}. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofDays(1);

  public ResultBackendOptions {
    Objects.requireNonNull(expires, "expires");
    ConfigurationException.require(
        !expires.isNegative(),
        "result expiry must be zero (keep results until deleted) or positive; got " + expires);
  }

  /** One day's expiry, not extended, transient: Celery's defaults. */
  public static ResultBackendOptions defaults() {
    return new ResultBackendOptions(DEFAULT_EXPIRES, false, false);
  }

  public ResultBackendOptions withExpires(Duration value) {
    return new ResultBackendOptions(value, extended, persistent);
  }

  public ResultBackendOptions withExtended(boolean value) {
    return new ResultBackendOptions(expires, value, persistent);
  }

  public ResultBackendOptions withPersistent(boolean value) {
    return new ResultBackendOptions(expires, extended, value);
  }
}
