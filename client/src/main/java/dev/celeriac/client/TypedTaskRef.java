package dev.celeriac.client;

import java.util.List;

/**
 * What every typed task reference ({@link TaskRef0} … {@link TaskRef4}) offers whatever its arity:
 * batch sends checked against the arity, the signature without arguments, the untyped view and the
 * name. Each subclass only adapts the calls whose parameters depend on the arity, so this logic is
 * written once.
 *
 * <p>Package-private on purpose: users see these methods on the public typed references. Immutable
 * and thread-safe.
 */
abstract sealed class TypedTaskRef<R> permits TaskRef0, TypedTaskRefWithArgs {

  /** The untyped reference every call goes through. */
  final TaskRef<R> untyped;

  private final int arity;

  TypedTaskRef(TaskRef<R> untyped, int arity) {
    this.untyped = untyped;
    this.arity = arity;
  }

  /**
   * Sends one call per argument list (as many arguments as the task has parameters, in parameter
   * order) with pipelined publisher confirms: publishes all, then awaits all. Returns once the
   * broker confirmed every message.
   *
   * @throws dev.celeriac.error.ConfigurationException when an argument list has another number of
   *     arguments than the task has parameters
   * @throws dev.celeriac.broker.PublishException when any message is not confirmed
   */
  public List<AsyncResult<R>> delayAll(Iterable<? extends List<?>> argLists) {
    return delayAll(argLists, TaskOptions.NONE);
  }

  /** {@link #delayAll(Iterable)} with options for every call (a task id option is refused). */
  public List<AsyncResult<R>> delayAll(Iterable<? extends List<?>> argLists, TaskOptions options) {
    return untyped.delayAll(argLists, options, arity);
  }

  /**
   * A signature with no arguments of its own; a chain or link still prepends the parent's result.
   */
  public Signature<R> s() {
    return untyped.s();
  }

  /** The same task with untyped arguments (keyword arguments, dynamic calls). */
  public TaskRef<R> untyped() {
    return untyped;
  }

  /** The task name on the wire. */
  public String name() {
    return untyped.name();
  }

  @Override
  public String toString() {
    return "TaskRef" + arity + "[" + name() + "]";
  }
}
