package dev.celeriac.backend.redis.testing;

import dev.celeriac.backend.redis.RedisBackendSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server integration tests run against: {@value #URL_VARIABLE} (system property or
 * environment variable), default {@value #DEFAULT_URL}, a database number no other test suite uses
 * (other modules' suites pass their own number to {@link #url(int)}). Tests never flush it; they
 * delete their own keys, which also expire.
 *
 * <p>Without a reachable server a test is skipped, unless it runs in CI (environment variable
 * {@code CI} set), where it fails: a CI run must not turn green by skipping every Redis test.
 */
public final class TestRedis {

  public static final String URL_VARIABLE = "CELERIAC_TEST_REDIS_URL";
  public static final String DEFAULT_URL = "redis://127.0.0.1:6379/12";

  private TestRedis() {}

  public static String url() {
    return url(12);
  }

  /** {@value #URL_VARIABLE} when set, else the local server's database {@code database}. */
  public static String url(int database) {
    String url = System.getProperty(URL_VARIABLE, System.getenv(URL_VARIABLE));
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379/" + database : url;
  }

  /** Skips (or, in CI, fails) the calling test unless the server accepts connections. */
  public static String require() {
    return require(url());
  }

  /** As {@link #require()}, on {@link #url(int)}. */
  public static String require(int database) {
    return require(url(database));
  }

  private static String require(String url) {
    RedisBackendSettings settings = RedisBackendSettings.fromUrl(url);
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(settings.host(), settings.port()), 2_000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "Redis is required in CI at " + settings.maskedUrl() + " (" + URL_VARIABLE + ")");
    }
    Assumptions.assumeTrue(up, "no Redis at " + settings.maskedUrl() + "; set " + URL_VARIABLE);
    return url;
  }
}
