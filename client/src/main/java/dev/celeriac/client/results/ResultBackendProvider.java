package dev.celeriac.client.results;

import dev.celeriac.broker.BrokerConnection;

/**
 * Opens the {@link ResultBackend} of one URL scheme. A durable backend comes as a module of its own
 * that implements this interface and lists the implementation in {@code
 * META-INF/services/dev.celeriac.client.results.ResultBackendProvider}; an app finds it with {@link
 * java.util.ServiceLoader} when its result backend URL has that scheme.
 *
 * <pre>{@code
 * public final class RedisBackendProvider implements ResultBackendProvider {
 *   public String scheme() { return "redis"; }
 *   public ResultBackend open(String url, BrokerConnection broker) { return RedisBackend.open(url); }
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

  /** The URL scheme served, lower case and without {@code ://}, e.g. {@code redis}. */
  String scheme();

  /**
   * Opens a backend; the app closes it when it closes.
   *
   * @param url the configured URL, scheme included
   * @param broker the app's broker connection, for backends that keep results in the broker; not to
   *     be closed by the backend
   * @throws dev.celeriac.error.ConfigurationException when the URL is not valid for this backend,
   *     stating the rule and showing the URL with any password masked
   */
  ResultBackend open(String url, BrokerConnection broker);
}
