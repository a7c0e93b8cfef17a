package dev.celeriac.worker.execution;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a worker retries storing a result the backend failed to store: waits that start at {@code
 * firstBackoff} and double up to {@code maxBackoff}, for at most {@code timeout} from the first
 * attempt. Celery's own retries (its {@code result_backend_*_sleep_between_retries_ms}) work the
 * same way.
 *
 * <pre>{@code
 * StoreRetry retry = StoreRetry.of(Duration.ofMinutes(2), Duration.ofSeconds(10));
 * }</pre>
 *
 * @param firstBackoff the wait after the first failed attempt
 * @param maxBackoff the longest wait between two attempts
 * @param timeout how long to keep trying; zero: one attempt only
 */
public record StoreRetry(Duration firstBackoff, Duration maxBackoff, Duration timeout) {

  /** The first wait, unless the longest wait is shorter. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  public StoreRetry {
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(timeout, "timeout");
    ConfigurationException.require(
        firstBackoff.isPositive() && maxBackoff.compareTo(firstBackoff) >= 0,
        "result retry backoffs must be positive, the first no longer than the longest; got "
            + firstBackoff
            + " and "
            + maxBackoff);
    ConfigurationException.require(
        !timeout.isNegative(),
        "result retry timeout must be zero (no retry) or positive; got " + timeout);
  }

  /** Waits from {@link #FIRST_BACKOFF} (or {@code maxBackoff} when shorter), doubling. */
  public static StoreRetry of(Duration timeout, Duration maxBackoff) {
    Duration first = FIRST_BACKOFF.compareTo(maxBackoff) <= 0 ? FIRST_BACKOFF : maxBackoff;
    return new StoreRetry(first, maxBackoff, timeout);
  }

  /** The wait after {@code failures} failed attempts (1 for the first). */
  public Duration backoff(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    Duration wait = firstBackoff.multipliedBy(1L << doublings);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
