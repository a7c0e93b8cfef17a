package dev.celeriac;

import java.util.Optional;

/**
 * What a running task knows about its own call, Celery's {@code self.request}. Available on the
 * thread that runs the task body.
 *
 * <pre>{@code
 * @Task(name = "tasks.flaky")
 * public static int flaky(int n) {
 *   if (TaskContext.current().retries() < n) {
 *     throw new Retry(Duration.ofMillis(100), new IllegalStateException("not yet"));
 *   }
 *   return n;
 * }
 * }</pre>
 *
 * @param id the task id
 * @param name the task name
 * @param retries how often this task was retried before this run
 * @param rootId the first task of the workflow
 * @param parentId the task that published this one, or null
 * @param groupId the group this task belongs to, or null
 * @param hostname the worker's node name
 */
public record TaskContext(
    String id,
    String name,
    int retries,
    String rootId,
    String parentId,
    String groupId,
    String hostname) {

  private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

  /**
   * The context of the task running on this thread.
   *
   * @throws IllegalStateException outside a task body
   */
  public static TaskContext current() {
    TaskContext context = CURRENT.get();
    if (context == null) {
      throw new IllegalStateException(
          "TaskContext.current() is only available while a worker runs a task body");
    }
    return context;
  }

  /** The context of the task running on this thread, if any. */
  public static Optional<TaskContext> find() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Runs {@code body} with this context installed; for the worker. */
  public <T> T callWith(java.util.concurrent.Callable<T> body) throws Exception {
    TaskContext previous = CURRENT.get();
    CURRENT.set(this);
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
}
