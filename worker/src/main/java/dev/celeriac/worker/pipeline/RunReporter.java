package dev.celeriac.worker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.Reject;
import dev.celeriac.Retry;
import dev.celeriac.broker.PublishException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.Tracebacks;
import dev.celeriac.worker.execution.Failures;
import dev.celeriac.worker.execution.FollowUps;
import dev.celeriac.worker.execution.ResultNotStoredException;
import dev.celeriac.worker.execution.StateReporter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how a task body's run ended, Celery's way: stores its result state (SUCCESS, FAILURE,
 * RETRY, REVOKED), publishes the follow-ups that go with it (chain steps and callbacks, errbacks,
 * the retry message), tells the listener, logs it, and returns the {@link Outcome} that decides the
 * message's acknowledgement. A result the backend does not store turns the outcome into a requeue.
 *
 * <h2>Concurrency</h2>
 *
 * Stateless; called on the task's own thread (and on the time-limit thread for a hard limit).
 */
final class RunReporter {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final StateReporter states;
  private final FollowUps followUps;
  private final ObjectMapper json;
  private final BooleanSupplier draining;
  private final WorkerTaskListener listener;

  RunReporter(
      StateReporter states,
      FollowUps followUps,
      ObjectMapper json,
      BooleanSupplier draining,
      WorkerTaskListener listener) {
    this.states = states;
    this.followUps = followUps;
    this.json = json;
    this.draining = draining;
    this.listener = listener;
  }

  /** SUCCESS: follow-ups (chain, callbacks) first, then the result, both confirmed. */
  Outcome succeeded(TrackedDelivery delivery, Object value, long start) {
    TaskMessage message = delivery.message();
    if (delivery.interruption() == TrackedDelivery.Interruption.TERMINATED) {
      return terminated(delivery);
    }
    JsonNode result;
    try {
      result = json.valueToTree(value);
    } catch (IllegalArgumentException e) {
      var unwritable =
          new IllegalStateException("task result cannot be written as JSON: " + e.getMessage(), e);
      return failed(delivery, 0, unwritable, start);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String queue = delivery.inbound().queue();
    // Follow-ups first: if the broker refuses them, the task is requeued rather than the
    // workflow silently cut short.
    Outcome outcome;
    try {
      outcome =
          storing(
              () -> {
                followUps.afterSuccess(message, queue, result);
                states.success(message, delivery.inbound().routingKey(), result);
              },
              new Outcome.Succeeded());
    } catch (ProtocolException | ConfigurationException e) {
      // A workflow step this worker cannot publish (malformed, or a chord) fails the task that
      // carries it, so the caller hears why the workflow stopped instead of waiting forever.
      return failed(delivery, 0, e, start);
    }
    if (outcome instanceof Outcome.Succeeded) {
      listener.succeeded(message, result, seconds);
    }
    if (log.isInfoEnabled()) { // its arguments print the result: 11 % of a worker's CPU
      log.info(
          "Task {}[{}] succeeded in {}s: {}",
          message.taskName(),
          message.id(),
          format(seconds),
          abbreviate(result.toString()));
    }
    return outcome;
  }

  /** How a task that raised ends: terminated, soft limit, retry, reject, shutdown, or FAILURE. */
  Outcome failed(TrackedDelivery delivery, int maxRetries, Throwable error, long start) {
    TaskMessage message = delivery.message();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (delivery.interruption() == TrackedDelivery.Interruption.TERMINATED) {
      return terminated(delivery);
    }
    if (delivery.interruption() == TrackedDelivery.Interruption.SOFT_TIME_LIMIT
        && !(error instanceof Retry)) {
      log.error(
          "Task {}[{}] failed after its soft time limit: {}",
          message.taskName(),
          message.id(),
          error.toString());
      var soft =
          new RemoteException(
              "SoftTimeLimitExceeded", "celery.exceptions", JsonNodeFactory.instance.arrayNode());
      return failure(delivery, soft, Tracebacks.format(error), seconds, new Outcome.Failed(error));
    }
    if (error instanceof Retry retry) {
      return retried(delivery, maxRetries, retry);
    }
    if (error instanceof Reject reject) {
      log.error(
          "Task {}[{}] rejected its input: {}",
          message.taskName(),
          message.id(),
          reject.getMessage());
      var remote = Failures.python("celery.exceptions", "Reject", reject.getMessage());
      Outcome outcome =
          storing(
              () ->
                  states.failure(
                      message, delivery.inbound().routingKey(), remote, Tracebacks.format(reject)),
              new Outcome.Rejected(reject.getMessage()));
      listener.rejected(message, false);
      followUps.afterFailure(message, delivery.inbound().queue());
      return outcome;
    }
    if (draining.getAsBoolean()
        && (error instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
      log.warn(
          "Task {}[{}] interrupted by shutdown; it goes back to the queue",
          message.taskName(),
          message.id());
      return new Outcome.Interrupted();
    }
    log.error(
        "Task {}[{}] raised unexpected: {} (after {}s)",
        message.taskName(),
        message.id(),
        error,
        format(seconds),
        error);
    return failure(
        delivery,
        RemoteException.of(error),
        Tracebacks.format(error),
        seconds,
        new Outcome.Failed(error));
  }

  /**
   * The hard time limit passed: FAILURE {@code TimeLimitExceeded(<seconds>)}, as Celery sends it,
   * and the errbacks.
   */
  Outcome timeLimitExceeded(TrackedDelivery delivery, Duration limit) {
    var args = JsonNodeFactory.instance.arrayNode();
    double seconds = limit.toNanos() / 1e9;
    if (seconds == Math.rint(seconds)) {
      args.add((long) seconds);
    } else {
      args.add(seconds);
    }
    var exceeded = new RemoteException("TimeLimitExceeded", "celery.exceptions", args);
    var cause = new java.util.concurrent.TimeoutException("hard time limit");
    return failure(delivery, exceeded, null, seconds, new Outcome.Failed(cause));
  }

  /**
   * Celery's retry: re-publish the same task (retries + 1, due after the countdown), report RETRY
   * with the cause; once the limit is reached, fail with the cause instead.
   */
  private Outcome retried(TrackedDelivery delivery, int taskMaxRetries, Retry retry) {
    TaskMessage message = delivery.message();
    int limit = retry.maxRetries() != null ? retry.maxRetries() : taskMaxRetries;
    Throwable cause =
        retry.getCause() != null
            ? retry.getCause()
            : new IllegalStateException("retry requested without a cause");
    RemoteException remote = RemoteException.of(cause);
    String traceback = Tracebacks.format(cause);
    if (message.headers().retries() >= limit) {
      log.error(
          "Task {}[{}] retried {} times, the limit; failing with {}",
          message.taskName(),
          message.id(),
          message.headers().retries(),
          cause.toString());
      return failure(delivery, remote, traceback, 0, new Outcome.Failed(cause));
    }
    log.info(
        "Task {}[{}] retry: Retry in {}s: {}",
        message.taskName(),
        message.id(),
        format(retry.countdown().toNanos() / 1e9),
        cause.toString());
    Outcome outcome =
        storing(
            () -> {
              followUps.retry(message, delivery.inbound().queue(), retry.countdown());
              states.retry(message, delivery.inbound().routingKey(), remote, traceback);
            },
            new Outcome.Retried());
    listener.retried(message, remote, traceback);
    return outcome;
  }

  /** FAILURE with {@code error}, the listener told, the errbacks published. */
  private Outcome failure(
      TrackedDelivery delivery,
      RemoteException error,
      String traceback,
      double seconds,
      Outcome ifStored) {
    TaskMessage message = delivery.message();
    Outcome outcome =
        storing(
            () -> states.failure(message, delivery.inbound().routingKey(), error, traceback),
            ifStored);
    listener.failed(message, error, traceback, seconds);
    followUps.afterFailure(message, delivery.inbound().queue());
    return outcome;
  }

  private Outcome terminated(TrackedDelivery delivery) {
    TaskMessage message = delivery.message();
    log.warn("Task {}[{}] terminated by a revoke", message.taskName(), message.id());
    listener.revoked(message, true, false);
    return storing(
        () -> states.revoked(message, delivery.inbound().routingKey(), "terminated"),
        new Outcome.Revoked("terminated"));
  }

  /** STARTED, best effort: a task runs even if its STARTED state cannot be stored. */
  void started(TrackedDelivery delivery) {
    TaskMessage message = delivery.message();
    try {
      states.started(message, delivery.inbound().routingKey());
    } catch (RuntimeException e) {
      log.warn(
          "Cannot store STARTED for {}[{}]: {}", message.taskName(), message.id(), e.getMessage());
    }
  }

  /**
   * Runs the storing of a result (and the publishing of follow-ups); if the broker or the backend
   * does not confirm it, the outcome becomes "put back in the queue".
   */
  static Outcome storing(Runnable store, Outcome ifStored) {
    try {
      store.run();
      return ifStored;
    } catch (PublishException e) {
      log.warn("Result or follow-up not confirmed: {}", e.getMessage());
      return new Outcome.ResultNotPublished(e.getMessage());
    } catch (ResultNotStoredException e) {
      // The result store logged the backend's outage once; each task's give-up is detail.
      log.debug("Result not stored: {}", e.getMessage());
      return new Outcome.ResultNotPublished(e.getMessage());
    }
  }

  static String format(double seconds) {
    return String.format(Locale.ROOT, "%.6f", seconds);
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
