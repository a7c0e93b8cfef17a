package dev.celeriac.worker.execution;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task rate limits of one worker, set by remote control: one {@link TokenBucket} per task name.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe.
 */
public final class RateLimits {

  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /** Sets the limit of {@code taskName}; {@code perSecond <= 0} removes it. */
  public void set(String taskName, double perSecond) {
    if (perSecond <= 0) {
      buckets.remove(taskName);
    } else {
      buckets.put(taskName, new TokenBucket(perSecond));
    }
  }

  /** 0 when {@code taskName} may start now (taking its token), else nanoseconds to wait. */
  public long take(String taskName) {
    TokenBucket bucket = buckets.get(taskName);
    return bucket == null ? 0 : bucket.take();
  }

  /** Tasks per second by task name. */
  public Map<String, Double> snapshot() {
    Map<String, Double> limits = new TreeMap<>();
    buckets.forEach((name, bucket) -> limits.put(name, bucket.perSecond()));
    return limits;
  }
}
