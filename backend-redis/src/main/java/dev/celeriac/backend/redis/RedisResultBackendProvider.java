package dev.celeriac.backend.redis;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import java.util.Set;

/**
 * Announces {@link RedisResultBackend} to the client for {@code redis://} and {@code rediss://}
 * URLs (a {@link java.util.ServiceLoader} service).
 *
 * <pre>{@code
 * ResultBackend backend = new RedisResultBackendProvider()
 *     .open("redis://localhost:6379/0", ResultBackendOptions.defaults(), connection);
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe.
 */
public final class RedisResultBackendProvider implements ResultBackendProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public ResultBackend open(String url, ResultBackendOptions options, BrokerConnection broker) {
    return RedisResultBackend.create(
        RedisBackendSettings.builder().url(url).options(options).build());
  }
}
