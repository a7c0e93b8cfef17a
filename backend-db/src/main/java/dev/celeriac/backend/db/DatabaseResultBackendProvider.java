package dev.celeriac.backend.db;

import dev.celeriac.backend.db.internal.DbUrl;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import java.util.Set;

/**
 * Announces {@link DatabaseResultBackend} to the client for {@code db+postgresql://} and {@code
 * db+postgresql+psycopg2://} URLs (a {@link java.util.ServiceLoader} service).
 *
 * <pre>{@code
 * ResultBackend backend = new DatabaseResultBackendProvider()
 *     .open("db+postgresql://celery@localhost/results", ResultBackendOptions.defaults(), connection);
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe.
 */
public final class DatabaseResultBackendProvider implements ResultBackendProvider {

  @Override
  public Set<String> schemes() {
    return DbUrl.SCHEMES;
  }

  @Override
  public ResultBackend open(String url, ResultBackendOptions options, BrokerConnection broker) {
    return DatabaseResultBackend.create(
        DatabaseBackendSettings.builder().url(url).options(options).build());
  }
}
