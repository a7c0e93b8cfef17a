package dev.celeriac;

import java.lang.reflect.Method;

/** The naming rule for tasks, shared by clients (calling) and workers (registering). */
public final class TaskNames {

  private TaskNames() {}

  /**
   * The wire name of a {@code @Task} method: its {@code name} when set, otherwise the fully
   * qualified class name, a dot and the method name.
   */
  public static String nameOf(Method method) {
    Task task = method.getAnnotation(Task.class);
    if (task != null && !task.name().isBlank()) {
      return task.name().strip();
    }
    return method.getDeclaringClass().getName() + "." + method.getName();
  }

  /** {@code com.example.MathTasks#add}, how messages refer to a method's place in code. */
  public static String placeOf(Method method) {
    return method.getDeclaringClass().getName() + "#" + method.getName();
  }
}
