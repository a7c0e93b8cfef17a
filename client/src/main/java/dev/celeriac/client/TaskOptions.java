package dev.celeriac.client;

import static dev.celeriac.error.ConfigurationException.require;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-call options for {@link TaskRef#applyAsync}, Celery's {@code apply_async} keywords.
 *
 * <pre>{@code
 * add.applyAsync(List.of(5, 5), Map.of(), TaskOptions.builder()
 *     .countdown(Duration.ofSeconds(10))
 *     .queue("math")
 *     .build());
 * }</pre>
 *
 * <p>Unset values fall back to the task's {@code @Task} options, then to the app's defaults.
 *
 * @param countdown run no earlier than this long from now; exclusive with {@code eta}
 * @param eta run no earlier than this instant
 * @param expires do not run after this instant (the worker reports REVOKED "expired"); also the
 *     message's broker TTL
 * @param priority message priority 0..255, effective on queues declared with a max priority
 * @param queue the queue to publish to
 * @param taskId the task id to use instead of a random UUID
 * @param headers extra message headers, merged at the top level as Celery does
 * @param ignoreResult when true the worker publishes no result
 * @param timeLimit hard time limit for this call, overriding the task's
 * @param softTimeLimit soft time limit for this call, overriding the task's
 */
public record TaskOptions(
    Duration countdown,
    Instant eta,
    Instant expires,
    Integer priority,
    String queue,
    String taskId,
    Map<String, Object> headers,
    Boolean ignoreResult,
    Duration timeLimit,
    Duration softTimeLimit) {

  /** No options: everything from the task and app defaults. */
  public static final TaskOptions NONE = builder().build();

  public TaskOptions {
    require(
        countdown == null || eta == null,
        "give countdown or eta, not both; got countdown " + countdown + " and eta " + eta);
    require(
        countdown == null || !countdown.isNegative(),
        "countdown must not be negative; got " + countdown);
    require(
        priority == null || (priority >= 0 && priority <= 255),
        "priority must be 0..255; got " + priority);
    require(queue == null || !queue.isBlank(), "queue must not be blank");
    require(taskId == null || !taskId.isBlank(), "taskId must not be blank");
    // Not Map.copyOf: Celery allows null header values.
    headers =
        headers == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; every option is optional. */
  public static final class Builder {
    private Duration countdown;
    private Instant eta;
    private Instant expires;
    private Integer priority;
    private String queue;
    private String taskId;
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private Boolean ignoreResult;
    private Duration timeLimit;
    private Duration softTimeLimit;

    private Builder() {}

    /** Hard time limit of this call (Celery's {@code time_limit}). */
    public Builder timeLimit(Duration timeLimit) {
      this.timeLimit = timeLimit;
      return this;
    }

    /** Soft time limit of this call (Celery's {@code soft_time_limit}). */
    public Builder softTimeLimit(Duration softTimeLimit) {
      this.softTimeLimit = softTimeLimit;
      return this;
    }

    public Builder countdown(Duration countdown) {
      this.countdown = countdown;
      return this;
    }

    public Builder eta(Instant eta) {
      this.eta = eta;
      return this;
    }

    public Builder expires(Instant expires) {
      this.expires = expires;
      return this;
    }

    /** Expires this long after the call. */
    public Builder expiresIn(Duration expiresIn) {
      this.expires = Instant.now().plus(expiresIn);
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public Builder taskId(String taskId) {
      this.taskId = taskId;
      return this;
    }

    public Builder header(String name, Object value) {
      this.headers.put(name, value);
      return this;
    }

    public Builder headers(Map<String, ?> headers) {
      this.headers.putAll(headers);
      return this;
    }

    public Builder ignoreResult(boolean ignoreResult) {
      this.ignoreResult = ignoreResult;
      return this;
    }

    public TaskOptions build() {
      return new TaskOptions(
          countdown,
          eta,
          expires,
          priority,
          queue,
          taskId,
          headers,
          ignoreResult,
          timeLimit,
          softTimeLimit);
    }
  }
}
