package dev.celeriac.broker.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads named {@code <prefix>-<n>}, counting from 1, so a thread dump says which part of
 * Celeriac owns each thread.
 *
 * <pre>{@code
 * ScheduledExecutorService heartbeats =
 *     Executors.newSingleThreadScheduledExecutor(
 *         new NamedThreadFactory("celeriac-worker-heartbeat", true));
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: executors call {@link #newThread} from any thread, and each thread gets its own
 * number. The factory creates threads but does not own them: whoever creates the executor that uses
 * it shuts that executor down.
 */
public final class NamedThreadFactory implements ThreadFactory {

  private final String prefix;
  private final boolean daemon;
  private final AtomicInteger counter = new AtomicInteger();

  /**
   * @param prefix the role of the threads, e.g. {@code celeriac-worker-eta}
   * @param daemon whether the threads let the JVM exit while they run
   */
  public NamedThreadFactory(String prefix, boolean daemon) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.daemon = daemon;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
    thread.setDaemon(daemon);
    return thread;
  }
}
