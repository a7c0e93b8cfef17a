package dev.celeriac.client.futures;

import dev.celeriac.client.Celeriac;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * How a task body reaches its worker's app, and how the worker gets a task's slot back while the
 * task waits on futures; the idea of {@link java.util.concurrent.ForkJoinPool#managedBlock}.
 *
 * <p>A worker runs each task body inside {@link #callWith}. Every wait in this package ({@link
 * TaskFuture#get()}, {@link Futures#map}, {@link Futures#mapReduce}, {@link Futures#waitAll}, ...)
 * then goes through {@link #block}: the worker's {@link Blocker} frees the task's slot (and its
 * prefetch credit) before the wait and takes a slot again after it, so a task that submits
 * sub-tasks and waits for them cannot starve the worker of the slots its sub-tasks need.
 *
 * <pre>{@code
 * @Task(name = "tasks.sum_of_squares")
 * public static int sumOfSquares(List<Integer> xs) {
 *   Futures futures = Futures.inTask();            // the worker's app
 *   return futures.mapReduce(futures.app().task("tasks.square", Integer.class), Integer::sum, xs);
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * The binding is per thread: set by the worker on the thread that runs the task body. Threads the
 * task starts itself are not bound; their waits block without lending the slot.
 */
public final class ManagedBlocking {

  /** The worker's side: gives the calling task's slot away and takes one back. */
  public interface Blocker {
    /** Called on the task's thread before it waits. */
    void beforeBlocking();

    /** Called on the task's thread after the wait, whatever its outcome; may wait for a slot. */
    void afterBlocking();
  }

  private record Binding(Celeriac app, String queue, Blocker blocker) {}

  private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

  private ManagedBlocking() {}

  /**
   * Runs {@code body} with {@code app} reachable through {@link Futures#inTask()} and waits lending
   * the slot through {@code blocker}; for workers. Sub-tasks whose {@code @Task} names no queue go
   * to {@code queue}, the one the running task came from.
   */
  public static <T> T callWith(Celeriac app, String queue, Blocker blocker, Callable<T> body)
      throws Exception {
    Binding previous = CURRENT.get();
    CURRENT.set(new Binding(app, queue, blocker));
    try {
      return body.call();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The app of the worker running a task on this thread, if any. */
  public static Optional<Celeriac> app() {
    Binding binding = CURRENT.get();
    return binding == null ? Optional.empty() : Optional.of(binding.app());
  }

  /** Runs a wait; inside a task body the worker lends the task's slot out meanwhile. */
  public static <T> T block(Supplier<T> wait) {
    Runnable takeBack = lend();
    try {
      return wait.get();
    } finally {
      takeBack.run();
    }
  }

  /**
   * Lends the slot of the task running on this thread; the returned action takes one back, to be
   * run after the wait whatever its outcome. On a thread with no task nothing is lent. Every wait
   * in this package goes through it.
   */
  static Runnable lend() {
    Blocker blocker = blocker();
    if (blocker == null) {
      return () -> {};
    }
    blocker.beforeBlocking();
    return blocker::afterBlocking;
  }

  /** The queue of the task running on this thread, or null. */
  static String queue() {
    Binding binding = CURRENT.get();
    return binding == null ? null : binding.queue();
  }

  /** The blocker bound to this thread, or null. */
  private static Blocker blocker() {
    Binding binding = CURRENT.get();
    return binding == null ? null : binding.blocker();
  }
}
