package dev.celeriac.test;

import dev.celeriac.worker.PoolType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test of your tasks against a real RabbitMQ: the test class gets a broker ({@link
 * CeleriacTestBroker}), an in-process worker running the {@link #tasks} on a queue of its own, and
 * a connected {@code Celeriac} client whose default queue is that queue, injected as a constructor
 * or test-method parameter. A {@code Worker} parameter gets the worker.
 *
 * <pre>{@code
 * @CeleriacTest(tasks = MathTasks.class)
 * class MathTasksIT {
 *   @Test
 *   void addsOnAWorker(Celeriac app) {
 *     assertThat(app.task(MathTasks::add).delay(2, 3).get(Duration.ofSeconds(10))).isEqualTo(5);
 *   }
 * }
 * }</pre>
 *
 * <p>The worker starts before the first test of the class and stops (warm shutdown) after the last;
 * its queue, dead-letter queue and exchange are deleted then. Each test class has its own queue, so
 * classes running in parallel, in this JVM or another on the same broker, never take each other's
 * messages. A {@code @Nested} class shares its enclosing class's worker unless it carries its own
 * {@code @CeleriacTest}.
 *
 * <p>Unit tests that need no broker at all use {@link EagerCeleriac} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CeleriacExtension.class)
public @interface CeleriacTest {

  /**
   * Classes whose {@code @Task} methods the worker runs. With neither these nor {@link #packages}
   * no worker is started: the test gets a client only, e.g. for a worker it starts itself.
   */
  Class<?>[] tasks() default {};

  /** Packages scanned for {@code @Task} methods, like the worker's {@code -A package}. */
  String[] packages() default {};

  /** Tasks the worker runs at once. */
  int concurrency() default 4;

  /** How task bodies run. */
  PoolType pool() default PoolType.VIRTUAL;

  /** Unacknowledged messages per concurrency slot. */
  int prefetchMultiplier() default 4;

  /**
   * How long stopping the worker after the tests waits for tasks still running before it interrupts
   * them, e.g. {@code "10s"}, {@code "500ms"}.
   */
  String shutdownTimeout() default "10s";

  /** Whether the worker sends Celery's task events ({@code -E}), for tests of event consumers. */
  boolean taskEvents() default false;
}
