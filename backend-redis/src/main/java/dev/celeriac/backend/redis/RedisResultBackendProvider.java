package dev.celeriac.backend.redis;

import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import java.util.Locale;

/**
 * Announces {@link RedisResultBackend} to the client for {@code redis://} and {@code rediss://}
 * URLs (a {@link java.util.ServiceLoader} service).
 *
 * <pre>{@code
 * ResultBackend backend = new RedisResultBackendProvider()
 *     .create("redis://localhost:6379/0", ResultBackendOptions.defaults());
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe.
 */
public final class RedisResultBackendProvider implements ResultBackendProvider {

  @Override
  public boolean supports(String url) {
    String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
    return lower.startsWith("redis://") || lower.startsWith("rediss://");
  }

  @Override
  public ResultBackend create(String url, ResultBackendOptions options) {
    return RedisResultBackend.create(
        RedisBackendSettings.builder().url(url).options(options).build());
  }
}
