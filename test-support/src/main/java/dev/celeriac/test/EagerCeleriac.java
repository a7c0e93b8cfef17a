package dev.celeriac.test;

import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.TaskRegistry;

/**
 * Eager mode, Celery's {@code task_always_eager} for unit tests: an ordinary {@link Celeriac} app
 * that needs no broker, because {@code delay()} runs the task at once in the caller's thread. Hand
 * it to the code under test wherever that code expects its app.
 *
 * <pre>{@code
 * try (Celeriac app = EagerCeleriac.of(MathTasks.class)) {
 *   assertThat(app.task(MathTasks::add).delay(2, 3).get()).isEqualTo(5);
 * }
 * }</pre>
 *
 * <p>What a worker would do, it does, because a worker's own delivery pipeline runs the task: the
 * call is encoded as the message a client sends and decoded as a worker reads it, arguments bind by
 * the worker's rules, the result goes through the result encoding, and a failure surfaces from
 * {@code get()} as the same {@link dev.celeriac.client.TaskFailedException} with the same remote
 * type and message (the task's own exception; {@code TypeError} for arguments that do not fit;
 * {@code NotRegistered} for a task of a class not given here; {@code Reject}). Chains, groups,
 * callbacks, errbacks, retries, {@code celery.map}/{@code starmap}, the futures API and time limits
 * (a soft limit interrupts the calling thread) work as on a worker, and it logs what a worker logs.
 *
 * <p>What it does not do: countdowns and ETAs (a retry's too) are not waited, nothing is
 * acknowledged or dead-lettered (where a worker would dead-letter a message, the log says so, but
 * there is no queue to keep it in), and there are no rate limits (they are set by remote control);
 * the app has no broker connection, so {@code control()}, revokes and the worker SPI's {@code
 * connection()} are refused with a {@link dev.celeriac.error.ConfigurationException}. Test those
 * against a worker with {@link CeleriacTest}.
 *
 * <h2>Concurrency</h2>
 *
 * The app is thread-safe; each task runs on the thread that called {@code delay()}, and its chain
 * steps, callbacks and retries run on that thread before {@code delay()} returns.
 */
public final class EagerCeleriac {

  private EagerCeleriac() {}

  /**
   * An eager app that runs the {@code @Task} methods of these classes.
   *
   * @throws dev.celeriac.error.TaskDefinitionException when a class has no {@code @Task} method or
   *     one cannot be registered, exactly as a worker would refuse it
   */
  public static Celeriac of(Class<?>... taskClasses) {
    TaskRegistry.Builder registry = TaskRegistry.builder();
    for (Class<?> type : taskClasses) {
      registry.add(type);
    }
    return of(registry.build());
  }

  /** An eager app that runs the tasks of {@code registry}, e.g. one built by package scanning. */
  public static Celeriac of(TaskRegistry registry) {
    MemoryResultBackend results = new MemoryResultBackend();
    EagerRunner runner = new EagerRunner(registry, results);
    Celeriac app = Celeriac.builder().buildOn(runner, results);
    runner.attach(app);
    return app;
  }
}
