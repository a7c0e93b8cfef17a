package dev.celeriac.client.results;

import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates result backends for the URL schemes it knows. Durable backends live in modules of their
 * own and announce their provider in {@code
 * META-INF/services/dev.celeriac.client.results.ResultBackendProvider}, so the client finds them by
 * URL without depending on them at compile time.
 *
 * <pre>{@code
 * ResultBackend backend =
 *     ResultBackendProvider.find("redis://localhost:6379/0")
 *         .create("redis://localhost:6379/0", ResultBackendOptions.defaults());
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Implementations are stateless and thread-safe.
 */
public interface ResultBackendProvider {

  /** Whether this provider creates backends for the URL, judged by its scheme. */
  boolean supports(String url);

  /**
   * A new backend for the URL; the caller owns it and closes it.
   *
   * @throws ConfigurationException when the URL breaks the backend's rules
   */
  ResultBackend create(String url, ResultBackendOptions options);

  /**
   * The provider on the class path that supports the URL.
   *
   * @throws ConfigurationException when none does, naming the schemes that are available
   */
  static ResultBackendProvider find(String url) {
    List<String> available = new ArrayList<>();
    for (ResultBackendProvider provider : ServiceLoader.load(ResultBackendProvider.class)) {
      if (provider.supports(url)) {
        return provider;
      }
      available.add(provider.getClass().getName());
    }
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://") + 3) : url;
    throw new ConfigurationException(
        "No result backend on the class path supports '"
            + scheme
            + "' (found: "
            + (available.isEmpty() ? "none" : String.join(", ", available))
            + "). For redis:// and rediss:// add the dependency"
            + " dev.celeriac:celeriac-backend-redis.");
  }
}
