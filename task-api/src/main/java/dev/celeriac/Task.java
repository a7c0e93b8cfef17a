package dev.celeriac;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a method as a task that workers execute and clients call by name.
 *
 * <pre>{@code
 * public class MathTasks {
 *     @Task(name = "tasks.add")
 *     public static int add(int x, int y) { return x + y; }
 * }
 * }</pre>
 *
 * <p>The method may be static, or an instance method of a class with a no-argument constructor (the
 * worker creates one instance per class). Parameters and the return value travel as JSON, so they
 * must be types Jackson can map: numbers, strings, booleans, lists, maps, records and POJOs.
 * Keyword arguments sent by Python callers bind to parameters by name, which needs classes compiled
 * with {@code -parameters}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Task {

  /**
   * The task name on the wire. Empty means the fully qualified class name, a dot and the method
   * name, e.g. {@code com.example.MathTasks.add}.
   */
  String name() default "";

  /**
   * The queue that callers publish this task to unless they name another. Empty: {@code celery}.
   */
  String queue() default "";

  /** When true the worker publishes no result; callers get no {@code AsyncResult} value. */
  boolean ignoreResult() default false;

  /** When true the worker publishes a STARTED state just before it runs the task. */
  boolean trackStarted() default false;

  /**
   * When true (the default) the message is acknowledged after the task finished and its result was
   * confirmed, so a worker that dies mid-task leaves it to be redelivered. False acknowledges just
   * before the task runs (Celery's default): a crash then loses the task, but a task that crashes
   * its worker is never run twice.
   */
  boolean acksLate() default true;

  /**
   * How often {@link Retry} may re-run the task before it fails with the retry's cause. Celery's
   * default is 3.
   */
  int maxRetries() default 3;

  /**
   * Exceptions that make the worker retry the task by itself, Celery's {@code autoretry_for}. The
   * countdown is {@link #defaultRetryDelay()}, or exponential with {@link #retryBackoff()}.
   */
  Class<? extends Throwable>[] autoretryFor() default {};

  /** The countdown of an automatic retry without backoff. Celery's default is 3 minutes. */
  String defaultRetryDelay() default "180s";

  /**
   * When set (e.g. {@code "1s"}), automatic retries wait {@code retryBackoff × 2^retries}, capped
   * by {@link #retryBackoffMax()}: Celery's {@code retry_backoff}.
   */
  String retryBackoff() default "";

  /** The cap of the exponential backoff. Celery's default is 10 minutes. */
  String retryBackoffMax() default "600s";

  /** With backoff, pick the countdown at random between 0 and the backoff (full jitter). */
  boolean retryJitter() default true;

  /**
   * Hard time limit, e.g. {@code "30s"}: past it the worker reports FAILURE {@code
   * TimeLimitExceeded}, acknowledges the message, frees the slot and abandons the task's thread
   * (Java cannot kill a thread; the worker logs and counts abandoned ones). Empty: none. A call's
   * own {@code timelimit} header wins.
   */
  String timeLimit() default "";

  /**
   * Soft time limit: past it the task's thread is interrupted so it can clean up; if the task then
   * fails, it is reported as {@code SoftTimeLimitExceeded}. Empty: none.
   */
  String softTimeLimit() default "";
}
