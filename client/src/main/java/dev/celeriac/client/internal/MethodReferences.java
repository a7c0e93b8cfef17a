package dev.celeriac.client.internal;

import dev.celeriac.Task;
import dev.celeriac.error.TaskDefinitionException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Finds the method behind a method reference such as {@code MathTasks::add}, through the {@link
 * SerializedLambda} the compiler generates for serializable functional interfaces. This is how a
 * typed task reference learns the task's name and return type without the caller repeating them.
 */
public final class MethodReferences {

  private MethodReferences() {}

  /**
   * The {@code @Task} method a reference points to.
   *
   * @throws TaskDefinitionException when the argument is a lambda body rather than a method
   *     reference, or the method has no {@code @Task}
   */
  public static Method resolve(Serializable reference) {
    SerializedLambda lambda = serialized(reference);
    if (lambda.getImplMethodName().startsWith("lambda$")) {
      throw new TaskDefinitionException(
          "app.task(...) needs a method reference such as MathTasks::add, not a lambda body");
    }
    ClassLoader loader = reference.getClass().getClassLoader();
    Class<?> owner;
    try {
      owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
    } catch (ClassNotFoundException e) {
      throw new TaskDefinitionException(
          "Cannot load " + lambda.getImplClass() + " for a task reference", e);
    }
    for (Method method : owner.getDeclaredMethods()) {
      if (method.getName().equals(lambda.getImplMethodName())
          && descriptor(method).equals(lambda.getImplMethodSignature())) {
        if (!method.isAnnotationPresent(Task.class)) {
          throw new TaskDefinitionException(
              owner.getName()
                  + "#"
                  + method.getName()
                  + " has no @Task annotation; annotate it, or call it by name with app.task(\"name\", Type.class)");
        }
        return method;
      }
    }
    throw new TaskDefinitionException(
        "Cannot find "
            + owner.getName()
            + "#"
            + lambda.getImplMethodName()
            + lambda.getImplMethodSignature());
  }

  private static SerializedLambda serialized(Serializable reference) {
    try {
      Method writeReplace = reference.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return (SerializedLambda) writeReplace.invoke(reference);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new TaskDefinitionException(
          "app.task(...) needs a method reference such as MathTasks::add; got "
              + reference.getClass(),
          e);
    }
  }

  private static String descriptor(Method method) {
    StringBuilder sb = new StringBuilder("(");
    for (Class<?> p : method.getParameterTypes()) {
      sb.append(p.descriptorString());
    }
    return sb.append(')').append(method.getReturnType().descriptorString()).toString();
  }
}
