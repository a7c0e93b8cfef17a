package dev.celeriac.worker.execution;

import dev.celeriac.Durations;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.protocol.ResultMessage;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores results through the {@link ResultBackend} and keeps trying while it fails: each attempt
 * waits up to the attempt timeout, failed attempts are retried with backoff ({@link StoreRetry}),
 * and only when the retry timeout has passed (or the thread is interrupted by a shutdown) does the
 * store fail, so that the task goes back to its queue instead of being acknowledged without its
 * result. An outage is logged once when it begins and once when it ends ({@link BackendOutage}),
 * not once per task.
 *
 * <pre>{@code
 * ResultStore store = new ResultStore(backend, Duration.ofSeconds(30), StoreRetry.of(twoMinutes, tenSeconds));
 * store.store(ResultTarget.of(request, "celery@host", "celery"), success); // blocks until stored
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; {@link #store} blocks the calling task thread, which keeps the task's slot and its
 * message unacknowledged while the backend is away.
 */
public final class ResultStore {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log =
      LoggerFactory.getLogger("dev.celeriac.worker.pipeline.DeliveryPipeline");

  private final ResultBackend backend;
  private final Duration attemptTimeout;
  private final StoreRetry retry;
  private final BackendOutage outage;

  /**
   * @param attemptTimeout how long one attempt waits for the backend to confirm
   * @param retry how failed attempts are retried
   */
  public ResultStore(ResultBackend backend, Duration attemptTimeout, StoreRetry retry) {
    this.backend = backend;
    this.attemptTimeout = attemptTimeout;
    this.retry = retry;
    this.outage = new BackendOutage(backend.url(), retry);
  }

  /** The backend's URL, password masked. */
  public String url() {
    return backend.url();
  }

  /**
   * Stores one state change, retrying while the backend fails.
   *
   * @throws ResultNotStoredException when it is not stored within the retry timeout, or the thread
   *     is interrupted while trying
   */
  public void store(ResultTarget target, ResultMessage result) {
    long deadline = System.nanoTime() + retry.timeout().toNanos();
    int failures = 0;
    while (true) {
      String failure;
      try {
        failure = attempt(target, result);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted(target);
      }
      if (failure == null) {
        logged(outage.stored(), false);
        return;
      }
      failures++;
      logged(outage.failed(failure), true);
      log.debug("Store {} of task {} failed: {}", result.status(), target.taskId(), failure);
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        logged(outage.gaveUp(target.taskId()), true);
        throw new ResultNotStoredException(
            "The result of task "
                + target.taskId()
                + " was not stored by "
                + backend.url()
                + " in "
                + failures
                + " attempt(s) over "
                + Durations.format(retry.timeout())
                + ": "
                + failure,
            null);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(retry.backoff(failures).toNanos(), remaining));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted(target);
      }
    }
  }

  /** Stores without waiting or retrying, for states whose loss delays nothing (STARTED). */
  public void storeWithoutWaiting(ResultTarget target, ResultMessage result) {
    backend.store(target, result);
  }

  /** One attempt; null when stored, else why not. */
  private String attempt(ResultTarget target, ResultMessage result) throws InterruptedException {
    try {
      backend.store(target, result).get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      return "no confirmation within " + Durations.format(attemptTimeout);
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause().getMessage());
    } catch (RuntimeException e) {
      return e.toString(); // a backend that throws instead of failing its future
    }
  }

  private ResultNotStoredException interrupted(ResultTarget target) {
    return new ResultNotStoredException(
        "Interrupted while storing the result of task " + target.taskId() + " in " + backend.url(),
        null);
  }

  private static void logged(String line, boolean warning) {
    if (line == null) {
      return;
    }
    if (warning) {
      log.warn(line);
    } else {
      log.info(line);
    }
  }
}
