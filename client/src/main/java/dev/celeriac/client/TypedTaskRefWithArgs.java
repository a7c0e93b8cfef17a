package dev.celeriac.client;

import java.util.List;

/**
 * What the typed references of tasks with parameters ({@link TaskRef1} … {@link TaskRef4}) add to
 * {@link TypedTaskRef}: Celery's {@code starmap} and {@code chunks}, whose argument lists are
 * checked by the worker, not here.
 *
 * <p>Package-private on purpose: users see these methods on the public typed references. Immutable
 * and thread-safe.
 */
abstract sealed class TypedTaskRefWithArgs<R> extends TypedTaskRef<R>
    permits TaskRef1, TaskRef2, TaskRef3, TaskRef4 {

  TypedTaskRefWithArgs(TaskRef<R> untyped, int arity) {
    super(untyped, arity);
  }

  /**
   * Celery's {@code task.starmap(items)}: one {@code celery.starmap} message; the worker calls this
   * task with each argument list (as many arguments as the task has parameters) and returns the
   * list of results.
   */
  public Signature<List<R>> starmap(Iterable<? extends List<?>> argLists) {
    return untyped.starmap(argLists, untyped.resultType());
  }

  /**
   * Celery's {@code task.chunks(items, n)}: a group of {@code celery.starmap} messages of up to
   * {@code n} argument lists each.
   */
  public Group<List<R>> chunks(List<? extends List<?>> argLists, int n) {
    return untyped.chunks(argLists, n, untyped.resultType());
  }
}
