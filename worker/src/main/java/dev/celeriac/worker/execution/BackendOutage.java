package dev.celeriac.worker.execution;

import dev.celeriac.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether the result backend is failing now, so that an outage is logged once when it begins, once
 * when the first task gives up on it, and once when it ends, however many tasks meet it. Each
 * method returns the line to log, or null when there is nothing new to say.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: every task thread that stores a result reports here.
 */
final class BackendOutage {

  private final String backend;
  private final StoreRetry retry;
  private long since =
      -1; // System.nanoTime() of the first failure; -1: no outage. Guarded by this.
  private long failures; // guarded by this
  private long gaveUp; // guarded by this

  BackendOutage(String backend, StoreRetry retry) {
    this.backend = backend;
    this.retry = retry;
  }

  /** A store failed; the line saying an outage began, or null when one is on already. */
  synchronized String failed(String reason) {
    failures++;
    if (since >= 0) {
      return null;
    }
    since = System.nanoTime();
    failures = 1;
    gaveUp = 0;
    return "Result backend "
        + backend
        + " does not store results: "
        + reason.strip().replaceFirst("\\.+$", "")
        + ". Retrying each with backoff (up to "
        + Durations.format(retry.maxBackoff())
        + " apart) for up to "
        + Durations.format(retry.timeout())
        + "; tasks stay unacknowledged until their results are stored, or go back to their"
        + " queue after that";
  }

  /** A store succeeded; the line saying the outage ended, or null when there was none. */
  synchronized String stored() {
    if (since < 0) {
      return null;
    }
    Duration lasted = Duration.ofNanos(System.nanoTime() - since);
    since = -1;
    return String.format(
        Locale.ROOT,
        "Result backend %s stores results again after %.1fs (%d failed attempt(s), %d task(s) put"
            + " back in their queue meanwhile)",
        backend,
        lasted.toNanos() / 1e9,
        failures,
        gaveUp);
  }

  /**
   * A task gave up storing its result and goes back to its queue; the line saying so for the first
   * task of an outage, null for the others (the end of the outage counts them).
   */
  synchronized String gaveUp(String taskId) {
    gaveUp++;
    if (gaveUp > 1) {
      return null;
    }
    return "Result backend "
        + backend
        + " still fails after "
        + Durations.format(retry.timeout())
        + ": task "
        + taskId
        + " goes back to its queue to run again, as will every task whose result cannot be"
        + " stored while this lasts (none is acknowledged without its result)";
  }

  /** Whether an outage is on now. */
  synchronized boolean on() {
    return since >= 0;
  }
}
