package dev.celeriac.client.futures;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future value of one task call: a {@link CompletableFuture}, so {@code thenApply}, {@code
 * allOf} and the rest work as usual, with the task's id and a {@link #cancel} that revokes it.
 *
 * <pre>{@code
 * TaskFuture<Integer> f = app.futures().submit(add, 2, 3);
 * f.thenAccept(System.out::println);
 * int five = f.get(10, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>It completes exceptionally with {@link dev.celeriac.client.TaskFailedException} when the task
 * failed and {@link dev.celeriac.client.TaskRevokedException} when a worker reported it revoked.
 * Completing it by hand ({@code complete}, {@code obtrude*}) only changes this object, never the
 * task.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. Completed by the app's reply thread. Waiting with {@link #get()} or {@link #join()}
 * inside a task body lends the task's worker slot out ({@link ManagedBlocking}).
 */
public final class TaskFuture<R> extends CompletableFuture<R> {

  private final Celeriac app;
  private final String id;
  private final String taskName;

  private TaskFuture(Celeriac app, String id, String taskName) {
    this.app = app;
    this.id = id;
    this.taskName = taskName;
  }

  /** A future that follows {@code result}. */
  static <R> TaskFuture<R> of(Celeriac app, AsyncResult<R> result) {
    TaskFuture<R> future = new TaskFuture<>(app, result.id(), result.taskName());
    result
        .toCompletableFuture()
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                future.completeExceptionally(unwrap(error));
              } else {
                future.complete(value);
              }
            });
    return future;
  }

  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The task id. */
  public String id() {
    return id;
  }

  /** The task name. */
  public String taskName() {
    return taskName;
  }

  /**
   * Revokes the task unless it already finished: a task that has not started never runs; one that
   * runs is interrupted only when {@code mayInterruptIfRunning}. This future completes with a
   * {@link java.util.concurrent.CancellationException} at once.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (isDone()) {
      return false;
    }
    app.revoke(id, mayInterruptIfRunning);
    return super.cancel(mayInterruptIfRunning);
  }

  @Override
  public R get() throws InterruptedException, ExecutionException {
    if (isDone()) {
      return super.get();
    }
    return Waits.interruptibly(() -> super.get());
  }

  @Override
  public R get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (isDone()) {
      return super.get();
    }
    return Waits.timed(() -> super.get(timeout, unit));
  }

  @Override
  public R join() {
    if (isDone()) {
      return super.join();
    }
    return ManagedBlocking.block(super::join);
  }

  @Override
  public String toString() {
    return "TaskFuture[" + taskName + "[" + id + "] " + super.toString() + "]";
  }
}
