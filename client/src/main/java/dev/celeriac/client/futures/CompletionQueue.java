package dev.celeriac.client.futures;

import dev.celeriac.error.CeleriacException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hands out items in the order their futures complete. Waits go through {@link ManagedBlocking}.
 *
 * <h2>Concurrency</h2>
 *
 * Filled by whichever threads complete the futures; {@link #next} is for one consuming thread.
 */
final class CompletionQueue<T> {

  private final LinkedBlockingQueue<T> done = new LinkedBlockingQueue<>();
  private final int total;
  private final long deadline; // System.nanoTime(), or Long.MAX_VALUE for none
  private final Duration timeout;
  private final String what;
  private int taken;

  CompletionQueue(
      Collection<T> items,
      Function<T, CompletableFuture<?>> future,
      Duration timeout,
      String what) {
    this.total = items.size();
    this.timeout = timeout;
    this.what = what;
    this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    for (T item : items) {
      future.apply(item).whenComplete((value, error) -> done.add(item));
    }
  }

  boolean hasNext() {
    return taken < total;
  }

  /**
   * The next completed item, waiting for it.
   *
   * @throws FuturesTimeoutException when the deadline passes first
   */
  T next() {
    T item = done.poll();
    if (item == null) {
      item = ManagedBlocking.block(this::await);
    }
    taken++;
    return item;
  }

  private T await() {
    try {
      if (deadline == Long.MAX_VALUE) {
        return done.take();
      }
      T item = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (item == null) {
        throw new FuturesTimeoutException(what, timeout, total - taken);
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CeleriacException("Interrupted while waiting for " + what, e);
    }
  }
}
