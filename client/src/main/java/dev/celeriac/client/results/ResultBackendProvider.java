package dev.celeriac.client.results;

import dev.celeriac.broker.BrokerConnection;
import java.util.Set;

/**
 * Opens the {@link ResultBackend} of the URL schemes it serves. A durable backend comes as a module
 * of its own that implements this interface and lists the implementation in {@code
 * META-INF/services/dev.celeriac.client.results.ResultBackendProvider}; an app finds it with {@link
 * java.util.ServiceLoader} when its result backend URL has one of those schemes, so the client
 * needs no compile-time dependency on it.
 *
 * <pre>{@code
 * public final class RedisResultBackendProvider implements ResultBackendProvider {
 *   public Set<String> schemes() { return Set.of("redis", "rediss"); }
 *   public ResultBackend open(String url, ResultBackendOptions options, BrokerConnection broker) {
 *     return RedisResultBackend.create(RedisBackendSettings.builder().url(url).options(options).build());
 *   }
 * }
 * // an app then uses it with Celeriac.builder().resultBackend("redis://localhost:6379/0")
 * }</pre>
 *
 * <p>{@code rpc://} is built in and needs no provider.
 *
 * <h2>Concurrency</h2>
 *
 * Implementations are thread-safe; {@link #open} may be called by several apps at once.
 */
public interface ResultBackendProvider {

  /** The URL schemes served, lower case and without {@code ://}, e.g. {@code redis}. */
  Set<String> schemes();

  /**
   * Opens a backend; the caller owns it and closes it.
   *
   * @param url the configured URL, scheme included
   * @param options Celery's result settings that apply to every backend (expiry, extended)
   * @param broker the app's broker connection, for backends that keep results in the broker; not to
   *     be closed by the backend
   * @throws dev.celeriac.error.ConfigurationException when the URL is not valid for this backend,
   *     stating the rule and showing the URL with any password masked
   */
  ResultBackend open(String url, ResultBackendOptions options, BrokerConnection broker);
}
