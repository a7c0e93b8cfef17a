package dev.celeriac.worker.pipeline;

import dev.celeriac.worker.execution.RateLimits;
import dev.celeriac.worker.execution.RevokedIds;
import java.util.List;
import java.util.Map;

/**
 * What may stop or slow a task before it runs, as remote control sets it: revokes (kept for tasks
 * that have not arrived yet) and rate limits per task name.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; written by the mailbox and revoke-stream threads, read by the pipeline.
 */
public final class TaskGates {

  private final RevokedIds revoked = new RevokedIds();
  private final RateLimits rateLimits = new RateLimits();
  private final InFlightRegistry inFlight;

  TaskGates(InFlightRegistry inFlight) {
    this.inFlight = inFlight;
  }

  /**
   * Marks a task revoked: it will not run when it arrives or comes due. With {@code terminate}, a
   * running one is interrupted and reported REVOKED.
   */
  public void revoke(String taskId, boolean terminate) {
    revoked.add(taskId);
    if (terminate) {
      inFlight.terminate(taskId);
    }
  }

  /** Whether {@code taskId} was revoked. */
  public boolean isRevoked(String taskId) {
    return revoked.contains(taskId);
  }

  /** The revoked task ids this worker remembers (the newest hundred thousand), oldest first. */
  public List<String> revokedIds() {
    return revoked.ids();
  }

  /** Sets (or with {@code perSecond <= 0} removes) the rate limit of a task name on this worker. */
  public void rateLimit(String taskName, double perSecond) {
    rateLimits.set(taskName, perSecond);
  }

  /** The current rate limits, tasks per second by task name. */
  public Map<String, Double> rateLimits() {
    return rateLimits.snapshot();
  }

  /** 0 when {@code taskName} may start now (taking its token), else nanoseconds to wait. */
  long take(String taskName) {
    return rateLimits.take(taskName);
  }
}
