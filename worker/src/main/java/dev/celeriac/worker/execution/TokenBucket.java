package dev.celeriac.worker.execution;

import dev.celeriac.error.ConfigurationException;
import java.util.Locale;

/**
 * A task rate limit as Celery applies it ({@code kombu.utils.limits.TokenBucket} with capacity 1):
 * at most one start per {@code 1/rate} seconds, tasks over the limit wait in the worker, still
 * unacknowledged.
 *
 * <pre>{@code
 * TokenBucket bucket = new TokenBucket(TokenBucket.parseRate("10/m"));
 * long waitNanos = bucket.take(); // 0: go now; else try again after this long
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe.
 */
public final class TokenBucket {

  private final double perSecond;
  private final long intervalNanos;
  private long next = Long.MIN_VALUE;

  public TokenBucket(double perSecond) {
    ConfigurationException.require(
        perSecond > 0, "a rate limit must be above zero per second; got " + perSecond);
    this.perSecond = perSecond;
    this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
  }

  /** Tasks per second. */
  public double perSecond() {
    return perSecond;
  }

  /** Takes the token and returns 0, or returns how many nanoseconds to wait before trying again. */
  public synchronized long take() {
    long now = System.nanoTime();
    if (next == Long.MIN_VALUE || now - next >= 0) {
      next = now + intervalNanos;
      return 0;
    }
    return next - now;
  }

  /**
   * Celery's rate strings: {@code "10/s"}, {@code "10/m"}, {@code "100/h"}, or a bare number per
   * second; {@code "0"} or blank means no limit (returns 0).
   *
   * @throws ConfigurationException for anything else
   */
  public static double parseRate(String rate) {
    if (rate == null || rate.isBlank()) {
      return 0;
    }
    String text = rate.strip().toLowerCase(Locale.ROOT);
    String[] parts = text.split("/", 2);
    try {
      double count = Double.parseDouble(parts[0].strip());
      if (count < 0) {
        throw new NumberFormatException();
      }
      if (parts.length == 1) {
        return count;
      }
      return switch (parts[1].strip()) {
        case "s" -> count;
        case "m" -> count / 60;
        case "h" -> count / 3600;
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "a rate limit is N/s, N/m, N/h or a number per second, e.g. 10/m; got '" + rate + "'");
    }
  }
}
