package dev.celeriac;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The automatic-retry rule of a {@link Task}: which exceptions retry, and how long to wait before
 * retry number {@code n}. Celery's {@code get_exponential_backoff_interval}: {@code min(max, factor
 * × 2^n)}, then a uniform random value up to that with full jitter.
 */
public record RetryPolicy(
    Class<? extends Throwable>[] autoretryFor,
    Duration defaultDelay,
    Duration backoff,
    Duration backoffMax,
    boolean jitter) {

  /** The policy declared on a task. */
  public static RetryPolicy of(Task task) {
    return new RetryPolicy(
        task.autoretryFor(),
        Durations.parse(task.defaultRetryDelay()),
        task.retryBackoff().isBlank() ? null : Durations.parse(task.retryBackoff()),
        Durations.parse(task.retryBackoffMax()),
        task.retryJitter());
  }

  /** Whether {@code error} triggers an automatic retry. */
  public boolean retriesOn(Throwable error) {
    for (Class<? extends Throwable> type : autoretryFor) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** The countdown before retry number {@code retries} + 1. */
  public Duration countdown(int retries) {
    if (backoff == null) {
      return defaultDelay;
    }
    long factorMillis = backoff.toMillis();
    long shift = Math.min(retries, 40); // beyond 2^40 × factor the cap applies anyway
    long millis = Math.min(backoffMax.toMillis(), factorMillis * (1L << shift));
    if (jitter && millis > 0) {
      millis = ThreadLocalRandom.current().nextLong(millis + 1);
    }
    return Duration.ofMillis(millis);
  }
}
