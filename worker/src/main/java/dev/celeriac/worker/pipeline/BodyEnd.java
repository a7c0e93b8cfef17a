package dev.celeriac.worker.pipeline;

/**
 * How a task body ended, before it is reported: the value it returned, or what it raised.
 *
 * @param value what it returned (null when it raised)
 * @param error what it raised (a {@link dev.celeriac.Retry} for retries), or null
 * @param startNanos {@link System#nanoTime()} when it started, for its runtime
 * @param maxRetries the task's retry limit, for a {@link dev.celeriac.Retry}
 */
record BodyEnd(Object value, Throwable error, long startNanos, int maxRetries) {

  static BodyEnd returned(Object value, long startNanos) {
    return new BodyEnd(value, null, startNanos, 0);
  }

  static BodyEnd raised(Throwable error, long startNanos, int maxRetries) {
    return new BodyEnd(null, error, startNanos, maxRetries);
  }
}
