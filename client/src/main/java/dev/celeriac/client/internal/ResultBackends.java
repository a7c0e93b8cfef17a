package dev.celeriac.client.internal;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import dev.celeriac.client.results.RpcResultBackend;
import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Opens the result backend an app's URL names: {@code rpc://} is built in, any other scheme comes
 * from a {@link ResultBackendProvider} on the class path.
 */
public final class ResultBackends {

  /** The default: results sent to the caller's reply queue, as Celery's {@code rpc://}. */
  public static final String RPC = "rpc://";

  private ResultBackends() {}

  /**
   * Opens the backend for {@code url}.
   *
   * @throws ConfigurationException when the URL has no scheme or no provider serves its scheme
   */
  public static ResultBackend open(
      String url, ResultBackendOptions options, BrokerConnection broker) {
    return open(url, options, broker, ServiceLoader.load(ResultBackendProvider.class));
  }

  static ResultBackend open(
      String url,
      ResultBackendOptions options,
      BrokerConnection broker,
      Iterable<ResultBackendProvider> providers) {
    String scheme = scheme(url);
    if (scheme.equals("rpc")) {
      ConfigurationException.require(
          url.equals(RPC), "the rpc:// result backend takes no host or options; got " + url);
      return RpcResultBackend.on(broker, options.persistent());
    }
    List<String> known = new ArrayList<>(List.of("rpc"));
    for (ResultBackendProvider provider : providers) {
      if (provider.schemes().contains(scheme)) {
        return provider.open(url, options, broker);
      }
      known.addAll(provider.schemes());
    }
    throw new ConfigurationException(
        "No result backend for "
            + masked(url)
            + ": the schemes available are "
            + known
            + ". rpc:// is built in; a durable backend is a module of its own that registers a "
            + ResultBackendProvider.class.getName()
            + ". Add that module to the class path, or use rpc://.");
  }

  private static String scheme(String url) {
    ConfigurationException.require(
        url != null && url.contains("://"),
        "a result backend URL needs a scheme, e.g. rpc://; got " + masked(url));
    return url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
  }

  /** The URL with any password replaced by {@code **}, for errors. */
  static String masked(String url) {
    return url == null ? null : url.replaceFirst("://([^:/@]*):[^@/]*@", "://$1:**@");
  }
}
