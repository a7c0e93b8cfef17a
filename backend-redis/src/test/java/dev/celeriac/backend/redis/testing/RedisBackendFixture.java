package dev.celeriac.backend.redis.testing;

import dev.celeriac.backend.redis.RedisBackendSettings;
import dev.celeriac.backend.redis.RedisResultBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup the Redis integration tests share: before each test, a {@link RedisResultBackend} on
 * the test database ({@link TestRedis}; skipped without a server, failed in CI) and a {@link
 * RedisProbe} to look at what it wrote. After the test both are closed and the keys of the test's
 * task ids ({@link #newTaskId()}) and of {@link #deleteAfter} are deleted.
 *
 * <pre>{@code
 * @RegisterExtension
 * final RedisBackendFixture redis = new RedisBackendFixture(s -> s.expires(Duration.ofMinutes(5)));
 *
 * String id = redis.newTaskId();
 * redis.backend().store(target, result).get(10, TimeUnit.SECONDS);
 * assertThat(redis.probe().ttl(RedisBackendFixture.key(id))).isPositive();
 * }</pre>
 *
 * <p>Concurrency: used by the test's own thread only.
 */
public final class RedisBackendFixture implements BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<RedisBackendSettings.Builder> tune;
  private final List<String> keys = new ArrayList<>();
  private String url;
  private RedisResultBackend backend;
  private RedisProbe probe;

  /** A backend with the settings of the test URL alone. */
  public RedisBackendFixture() {
    this(UnaryOperator.identity());
  }

  /**
   * @param tune adjusts the backend's settings after the test URL is set
   */
  public RedisBackendFixture(UnaryOperator<RedisBackendSettings.Builder> tune) {
    this.tune = tune;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    url = TestRedis.require();
    backend =
        RedisResultBackend.create(tune.apply(RedisBackendSettings.builder().url(url)).build());
    probe = new RedisProbe(url);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (backend != null) {
        backend.close();
      }
    } finally {
      if (probe != null) {
        probe.delete(keys.toArray(String[]::new));
        probe.close();
      }
      keys.clear();
    }
  }

  /** The test database's URL. */
  public String url() {
    return url;
  }

  public RedisResultBackend backend() {
    return backend;
  }

  public RedisProbe probe() {
    return probe;
  }

  /** A fresh task id whose result key is deleted after the test. */
  public String newTaskId() {
    String id = "celeriac-it-" + UUID.randomUUID();
    deleteAfter(key(id));
    return id;
  }

  /** Deletes {@code key} after the test, e.g. a group's key. */
  public void deleteAfter(String key) {
    keys.add(key);
  }

  /** The key Celery stores a task's result under. */
  public static String key(String taskId) {
    return "celery-task-meta-" + taskId;
  }
}
