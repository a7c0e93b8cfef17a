package dev.celeriac.worker;

import dev.celeriac.RetryPolicy;
import dev.celeriac.Task;
import dev.celeriac.TaskNames;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;

/**
 * One registered task: its name, the method that runs it, the instance to call it on (null for
 * static methods), its options, its automatic-retry policy and time limits (null when none), all
 * read once, at registration.
 */
public record TaskDefinition(
    String name,
    Method method,
    Object target,
    Task options,
    RetryPolicy retryPolicy,
    Duration hardTimeLimit,
    Duration softTimeLimit) {

  /** {@code com.example.MathTasks#add}, for messages. */
  public String place() {
    return TaskNames.placeOf(method);
  }

  public boolean isStatic() {
    return Modifier.isStatic(method.getModifiers());
  }

  public boolean trackStarted() {
    return options.trackStarted();
  }

  public boolean ignoreResult() {
    return options.ignoreResult();
  }
}
