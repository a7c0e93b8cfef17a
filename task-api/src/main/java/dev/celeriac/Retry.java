package dev.celeriac;

import dev.celeriac.error.CeleriacException;
import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by task code to run the task again later, Celery's {@code self.retry(countdown=...,
 * exc=...)}. The worker publishes the same task again (same id, {@code retries} + 1, due after the
 * countdown), reports RETRY with the cause, and acknowledges the current message. When the task has
 * been retried {@link Task#maxRetries()} times already, the task fails with the cause instead.
 *
 * <pre>{@code
 * @Task(name = "tasks.fetch", maxRetries = 5)
 * public static String fetch(String url) {
 *   try {
 *     return http.get(url);
 *   } catch (IOException e) {
 *     throw new Retry(Duration.ofSeconds(10), e);
 *   }
 * }
 * }</pre>
 */
public class Retry extends CeleriacException {

  private final Duration countdown;
  private final Integer maxRetries;

  /** Retry after {@code countdown} because of {@code cause} (reported as the RETRY result). */
  public Retry(Duration countdown, Throwable cause) {
    this(countdown, cause, null);
  }

  /** Retry after {@code countdown}, overriding the task's {@code maxRetries}. */
  public Retry(Duration countdown, Throwable cause, Integer maxRetries) {
    super("Retry in " + countdown + (cause == null ? "" : ": " + cause), cause);
    Objects.requireNonNull(countdown, "countdown");
    if (countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must not be negative; got " + countdown);
    }
    this.countdown = countdown;
    this.maxRetries = maxRetries;
  }

  public Duration countdown() {
    return countdown;
  }

  /** The limit for this retry, or null for the task's {@link Task#maxRetries()}. */
  public Integer maxRetries() {
    return maxRetries;
  }
}
