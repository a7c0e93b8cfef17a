package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.Reject;
import dev.celeriac.Retry;
import dev.celeriac.broker.PublishException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.Tracebacks;
import dev.celeriac.worker.consume.Outcome;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how a task ended, Celery's way: publishes its result state (SUCCESS, FAILURE, RETRY,
 * REVOKED), the follow-ups that go with it (chain steps and callbacks, errbacks, the retry
 * message), logs it, and returns the {@link Outcome} that decides its acknowledgement. A result the
 * broker does not confirm turns the outcome into a requeue.
 *
 * <h2>Concurrency</h2>
 *
 * Stateless; called on the task's own thread (and on the time-limit thread for a hard limit).
 */
final class OutcomeReporter {

  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final ResultSender results;
  private final FollowUps followUps;
  private final ObjectMapper json;
  private final BooleanSupplier draining;
  private final TaskObserver observer;

  OutcomeReporter(
      ResultSender results,
      FollowUps followUps,
      ObjectMapper json,
      BooleanSupplier draining,
      TaskObserver observer) {
    this.results = results;
    this.followUps = followUps;
    this.json = json;
    this.draining = draining;
    this.observer = observer;
  }

  /** SUCCESS: follow-ups (chain, callbacks) first, then the result, both confirmed. */
  Outcome succeeded(Job job, TaskMessage message, String queue, Object value, long start) {
    if (job != null && job.abandoned) {
      return new Outcome.Interrupted(); // settled by the hard limit already; discarded by runJob
    }
    if (job != null && job.terminated) {
      return terminated(message);
    }
    String name = message.taskName();
    JsonNode result;
    try {
      result = json.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return failed(
          job,
          message,
          queue,
          0,
          new IllegalStateException("task result cannot be written as JSON: " + e.getMessage(), e),
          start);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // Follow-ups first: if the broker refuses them, the task is requeued rather than the
    // workflow silently cut short.
    Outcome outcome;
    try {
      outcome =
          publishing(
              () -> {
                followUps.afterSuccess(message, queue, result);
                results.success(message, result);
              },
              new Outcome.Succeeded());
    } catch (ProtocolException | ConfigurationException e) {
      // A workflow step this worker cannot publish (malformed, or a chord) fails the task that
      // carries it, so the caller hears why the workflow stopped instead of waiting forever.
      return failed(job, message, queue, 0, e, start);
    }
    if (outcome instanceof Outcome.Succeeded) {
      observer.succeeded(message, result, seconds);
    }
    log.info(
        "Task {}[{}] succeeded in {}s: {}",
        name,
        message.id(),
        format(seconds),
        abbreviate(result.toString()));
    return outcome;
  }

  /** How a task that raised ends: retry, reject, soft limit, shutdown, or FAILURE. */
  Outcome failed(
      Job job, TaskMessage message, String queue, int maxRetries, Throwable error, long start) {
    if (job != null && job.abandoned) {
      return new Outcome.Interrupted(); // settled by the hard limit already; discarded by runJob
    }
    if (job != null && job.terminated) {
      return terminated(message);
    }
    if (job != null && job.softLimitReached && !(error instanceof Retry)) {
      log.error(
          "Task {}[{}] failed after its soft time limit: {}",
          message.taskName(),
          message.id(),
          error.toString());
      RemoteException soft =
          new RemoteException(
              "SoftTimeLimitExceeded",
              "celery.exceptions",
              com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());
      String traceback = Tracebacks.format(error);
      Outcome outcome =
          publishing(() -> results.failure(message, soft, traceback), new Outcome.Failed(error));
      observer.failed(message, soft, traceback, (System.nanoTime() - start) / 1e9);
      followUps.afterFailure(message, queue);
      return outcome;
    }
    if (error instanceof Retry retry) {
      return retried(message, queue, maxRetries, retry);
    }
    if (error instanceof Reject reject) {
      log.error(
          "Task {}[{}] rejected its input: {}",
          message.taskName(),
          message.id(),
          reject.getMessage());
      Outcome outcome =
          publishing(
              () ->
                  results.failure(
                      message,
                      Failures.python("celery.exceptions", "Reject", reject.getMessage()),
                      Tracebacks.format(reject)),
              new Outcome.Rejected(reject.getMessage()));
      observer.rejected(message, false);
      followUps.afterFailure(message, queue);
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
    double seconds = (System.nanoTime() - start) / 1e9;
    log.error(
        "Task {}[{}] raised unexpected: {} (after {}s)",
        message.taskName(),
        message.id(),
        error,
        format(seconds),
        error);
    RemoteException remote = RemoteException.of(error);
    String traceback = Tracebacks.format(error);
    Outcome outcome =
        publishing(() -> results.failure(message, remote, traceback), new Outcome.Failed(error));
    observer.failed(message, remote, traceback, seconds);
    followUps.afterFailure(message, queue);
    return outcome;
  }

  /**
   * Celery's retry: re-publish the same task (retries + 1, due after the countdown), report RETRY
   * with the cause; once the limit is reached, fail with the cause instead.
   */
  private Outcome retried(TaskMessage message, String queue, int taskMaxRetries, Retry retry) {
    int limit = retry.maxRetries() != null ? retry.maxRetries() : taskMaxRetries;
    Throwable cause =
        retry.getCause() != null
            ? retry.getCause()
            : new IllegalStateException("retry requested without a cause");
    if (message.headers().retries() >= limit) {
      log.error(
          "Task {}[{}] retried {} times, the limit; failing with {}",
          message.taskName(),
          message.id(),
          message.headers().retries(),
          cause.toString());
      RemoteException remote = RemoteException.of(cause);
      String traceback = Tracebacks.format(cause);
      Outcome outcome =
          publishing(() -> results.failure(message, remote, traceback), new Outcome.Failed(cause));
      observer.failed(message, remote, traceback, 0);
      followUps.afterFailure(message, queue);
      return outcome;
    }
    log.info(
        "Task {}[{}] retry: Retry in {}s: {}",
        message.taskName(),
        message.id(),
        format(retry.countdown().toNanos() / 1e9),
        cause.toString());
    RemoteException remote = RemoteException.of(cause);
    String traceback = Tracebacks.format(cause);
    Outcome outcome =
        publishing(
            () -> {
              followUps.retry(message, queue, retry.countdown());
              results.retry(message, remote, traceback);
            },
            new Outcome.Retried());
    observer.retried(message, remote, traceback);
    return outcome;
  }

  private Outcome terminated(TaskMessage message) {
    log.warn("Task {}[{}] terminated by a revoke", message.taskName(), message.id());
    observer.revoked(message, true, false);
    return publishing(
        () -> results.revoked(message, "terminated"), new Outcome.Revoked("terminated"));
  }

  /** STARTED, best effort: a task runs even if its STARTED state cannot be published. */
  void started(TaskMessage message) {
    try {
      results.started(message);
    } catch (RuntimeException e) {
      log.warn(
          "Cannot publish STARTED for {}[{}]: {}",
          message.taskName(),
          message.id(),
          e.getMessage());
    }
  }

  /** Runs a result publish; if the broker does not confirm it, the outcome becomes "requeue". */
  static Outcome publishing(Runnable publish, Outcome ifPublished) {
    try {
      publish.run();
      return ifPublished;
    } catch (PublishException e) {
      log.warn("Result not confirmed by the broker: {}", e.getMessage());
      return new Outcome.ResultNotPublished(e.getMessage());
    }
  }

  /** Celery's {@code TimeLimitExceeded(<seconds>)}: the limit as a number, as Celery sends it. */
  static RemoteException timeLimitExceeded(Duration limit) {
    var args = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    double seconds = limit.toNanos() / 1e9;
    if (seconds == Math.rint(seconds)) {
      args.add((long) seconds);
    } else {
      args.add(seconds);
    }
    return new RemoteException("TimeLimitExceeded", "celery.exceptions", args);
  }

  static String format(double seconds) {
    return String.format(Locale.ROOT, "%.6f", seconds);
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
