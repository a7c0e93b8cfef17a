package dev.celeriac;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link Task} method on a schedule when {@code celeriac -A <app> beat} is running (or a
 * Spring Boot application with {@code celeriac.beat.enabled=true}): every interval, or on a crontab
 * with Celery's semantics. Repeatable, one entry each.
 *
 * <pre>{@code
 * @Task(name = "tasks.add")
 * @Periodic(every = "30s", args = "[1, 2]")
 * @Periodic(name = "add-weekdays", cron = "0 9 * * mon-fri", args = "[3, 4]")
 * public static int add(int x, int y) { return x + y; }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Periodic.List.class)
public @interface Periodic {

  /** The entry's name; empty means the task's name. Names must be unique in a beat. */
  String name() default "";

  /** An interval such as {@code 10s}, {@code 15m}, {@code PT1H}. Give this or {@link #cron()}. */
  String every() default "";

  /**
   * A crontab in Unix field order, {@code minute hour day_of_month month_of_year day_of_week}, with
   * Celery's semantics (day of week 0 = Sunday, names such as {@code mon-fri}).
   */
  String cron() default "";

  /** Positional arguments as a JSON array. */
  String args() default "[]";

  /** Keyword arguments as a JSON object. */
  String kwargs() default "{}";

  /** The queue; empty means the task's {@code @Task(queue)}, else {@code celery}. */
  String queue() default "";

  /** How long a sent tick may wait for a worker before it expires, e.g. {@code 30s}. */
  String expires() default "";

  /** The message priority 0-255; -1 for none. */
  int priority() default -1;

  /**
   * What to do with ticks missed for longer than the beat's misfire threshold: {@code run-once}
   * (Celery's behaviour) or {@code skip}.
   */
  String misfire() default "run-once";

  /** The container of repeated {@code @Periodic}s. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    Periodic[] value();
  }
}
