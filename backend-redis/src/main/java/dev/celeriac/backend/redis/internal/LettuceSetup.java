package dev.celeriac.backend.redis.internal;

import dev.celeriac.backend.redis.RedisBackendSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Lettuce's configuration for a backend, derived from its settings in one place. */
public final class LettuceSetup {

  private LettuceSetup() {}

  /** The longest wait between two reconnection attempts after Redis went away. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

  /**
   * Two I/O threads (the backend has a command and a pub/sub connection), named {@code
   * celeriac-redis-<pool>-<n>}; the backend owns and shuts them down.
   *
   * <p>Reconnection backs off from 100 ms to at most {@link #MAX_RECONNECT_DELAY} (Lettuce's
   * default grows to 30 s): a worker holds tasks unacknowledged while their results cannot be
   * stored, so it should notice a returning Redis within a couple of seconds, not half a minute.
   */
  public static ClientResources resources() {
    return DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(
            () ->
                Delay.exponential(
                    Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
        .threadFactoryProvider(LettuceSetup::threads)
        .build();
  }

  public static RedisURI uri(RedisBackendSettings settings) {
    RedisURI.Builder uri =
        RedisURI.builder()
            .withHost(settings.host())
            .withPort(settings.port())
            .withDatabase(settings.database())
            .withTimeout(settings.timeout())
            .withClientName("celeriac-results")
            .withSsl(settings.tls());
    if (settings.tls()) {
      uri.withVerifyPeer(
          switch (settings.certRequirement()) {
            case REQUIRED -> SslVerifyMode.FULL;
            case OPTIONAL -> SslVerifyMode.CA;
            case NONE -> SslVerifyMode.NONE;
          });
    }
    if (settings.username() != null) {
      uri.withAuthentication(
          settings.username(), settings.password() == null ? "" : settings.password());
    } else if (settings.password() != null) {
      uri.withPassword(settings.password().toCharArray());
    }
    return uri.build();
  }

  /**
   * Command timeouts apply to asynchronous calls too, so a store while Redis is unreachable fails
   * after the timeout instead of waiting in Lettuce's buffer forever; reconnection is automatic.
   */
  public static ClientOptions options(RedisBackendSettings settings) {
    ClientOptions.Builder options =
        ClientOptions.builder()
            .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
            .socketOptions(
                SocketOptions.builder().connectTimeout(settings.timeout()).keepAlive(true).build());
    if (settings.tls()) {
      SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
      if (settings.caCerts() != null) {
        ssl.trustManager(settings.caCerts().toFile());
      }
      if (settings.certFile() != null) {
        ssl.keyManager(settings.certFile().toFile(), settings.keyFile().toFile(), null);
      }
      options.sslOptions(ssl.build());
    }
    return options.build();
  }

  private static ThreadFactory threads(String pool) {
    String role = pool.startsWith("lettuce-") ? pool.substring("lettuce-".length()) : pool;
    AtomicInteger count = new AtomicInteger();
    return r ->
        Thread.ofPlatform()
            .daemon()
            .name("celeriac-redis-" + role + "-" + count.incrementAndGet())
            .unstarted(r);
  }
}
