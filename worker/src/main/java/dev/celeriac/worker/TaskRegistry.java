package dev.celeriac.worker;

import dev.celeriac.RetryPolicy;
import dev.celeriac.Task;
import dev.celeriac.TaskNames;
import dev.celeriac.error.TaskDefinitionException;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks a worker can run, found from {@code @Task} methods. Immutable once built.
 *
 * <pre>{@code
 * TaskRegistry registry = TaskRegistry.builder()
 *     .add(MathTasks.class)
 *     .scan("com.example.tasks")
 *     .build();
 * }</pre>
 *
 * <p>Instances made elsewhere, with dependencies of their own (a dependency-injection container's
 * beans), are bound with {@link Builder#add(Class, Object)}: their {@code @Task} methods run on
 * that instance.
 *
 * <p>Registration fails, naming both places, when two methods claim the same task name; and naming
 * the method, when its signature cannot be called from a message (generic type-variable parameters,
 * varargs) or its class cannot be instantiated for an instance method.
 */
public final class TaskRegistry {

  private final Map<String, TaskDefinition> tasks;

  private TaskRegistry(Map<String, TaskDefinition> tasks) {
    this.tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The task registered under {@code name}. */
  public Optional<TaskDefinition> find(String name) {
    return Optional.ofNullable(tasks.get(name));
  }

  /** Registered task names in registration order. */
  public Collection<String> names() {
    return tasks.keySet();
  }

  public int size() {
    return tasks.size();
  }

  /** Collects task classes and packages. */
  public static final class Builder {
    private final Map<String, TaskDefinition> tasks = new LinkedHashMap<>();
    private ClassLoader loader = Thread.currentThread().getContextClassLoader();

    private Builder() {}

    /** The class loader used by {@link #app(String)} and {@link #scan(String)}. */
    public Builder classLoader(ClassLoader loader) {
      this.loader = loader;
      return this;
    }

    /**
     * Adds what {@code -A} names: a class, or else a package to scan.
     *
     * @throws TaskDefinitionException when it is neither, or holds no {@code @Task} method
     */
    public Builder app(String classOrPackage) {
      try {
        return add(Class.forName(classOrPackage, true, loader));
      } catch (ClassNotFoundException e) {
        int before = tasks.size();
        scan(classOrPackage);
        if (tasks.size() == before) {
          throw new TaskDefinitionException(
              "-A "
                  + classOrPackage
                  + " is neither a class nor a package with @Task methods on the classpath. "
                  + "Is the name right, and are its classes on the classpath (--classpath)?");
        }
        return this;
      }
    }

    /** Adds every {@code @Task} method of classes in {@code packageName} and its subpackages. */
    public Builder scan(String packageName) {
      List<Class<?>> classes = new ArrayList<>();
      try (ScanResult scan =
          new ClassGraph()
              .overrideClassLoaders(loader)
              .enableMethodInfo()
              .enableAnnotationInfo()
              .acceptPackages(packageName)
              .scan()) {
        for (ClassInfo info : scan.getClassesWithMethodAnnotation(Task.class.getName())) {
          classes.add(info.loadClass());
        }
      }
      classes.forEach(this::add);
      return this;
    }

    /**
     * Adds every {@code @Task} method of {@code type}.
     *
     * @throws TaskDefinitionException when {@code type} has none, or one cannot be registered
     */
    public Builder add(Class<?> type) {
      Object instance = null;
      boolean found = false;
      List<Method> methods = new ArrayList<>(List.of(type.getDeclaredMethods()));
      methods.sort(java.util.Comparator.comparing(Method::getName));
      for (Method method : methods) {
        if (!method.isAnnotationPresent(Task.class) || method.isSynthetic() || method.isBridge()) {
          continue;
        }
        found = true;
        checkSignature(method);
        if (!Modifier.isStatic(method.getModifiers()) && instance == null) {
          instance = instantiate(type, method);
        }
        register(method, Modifier.isStatic(method.getModifiers()) ? null : instance);
      }
      if (!found) {
        throw new TaskDefinitionException(type.getName() + " has no @Task methods");
      }
      return this;
    }

    /**
     * Adds every {@code @Task} method of {@code type}, each run on {@code target}, an instance made
     * elsewhere with its own dependencies: a container's bean, or a proxy of one that extends
     * {@code type} (calls then go through the proxy, so its transactions and advice apply). Static
     * {@code @Task} methods of {@code type} are added too.
     *
     * <pre>{@code
     * TaskRegistry.builder().add(OrderTasks.class, new OrderTasks(orderRepository)).build();
     * }</pre>
     *
     * @param type the class declaring the {@code @Task} methods (for a proxy: the proxied class)
     * @throws TaskDefinitionException when {@code type} has no {@code @Task} method, {@code target}
     *     is not a {@code type}, or a method cannot be registered
     */
    public Builder add(Class<?> type, Object target) {
      java.util.Objects.requireNonNull(target, "target");
      if (!type.isInstance(target)) {
        throw new TaskDefinitionException(
            target.getClass().getName()
                + " is not a "
                + type.getName()
                + ", so its @Task methods cannot run on it. (An interface-based proxy is not:"
                + " proxy the class instead.)");
      }
      boolean found = false;
      List<Method> methods = new ArrayList<>(List.of(type.getDeclaredMethods()));
      methods.sort(java.util.Comparator.comparing(Method::getName));
      for (Method method : methods) {
        if (!method.isAnnotationPresent(Task.class) || method.isSynthetic() || method.isBridge()) {
          continue;
        }
        found = true;
        checkSignature(method);
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        register(method, isStatic ? null : target, !isStatic);
      }
      if (!found) {
        throw new TaskDefinitionException(type.getName() + " has no @Task methods");
      }
      return this;
    }

    private void register(Method method, Object target) {
      register(method, target, false);
    }

    /**
     * @param bound whether {@code target} was given by the caller: then the same method on another
     *     instance is a second task of the same name, not the same class named twice
     */
    private void register(Method method, Object target, boolean bound) {
      method.setAccessible(true);
      String name = TaskNames.nameOf(method);
      TaskDefinition existing = tasks.get(name);
      if (existing != null) {
        if (existing.method().equals(method) && (!bound || existing.target() == target)) {
          return; // the same class named twice (-A Class and -A its package)
        }
        throw new TaskDefinitionException(
            "Task name '"
                + name
                + "' is registered twice: by "
                + existing.place()
                + " and by "
                + TaskNames.placeOf(method)
                + ". Give one of them another @Task(name = ...).");
      }
      Task options = method.getAnnotation(Task.class);
      try {
        tasks.put(
            name,
            new TaskDefinition(
                name,
                method,
                target,
                options,
                RetryPolicy.of(options),
                optionalDuration(options.timeLimit()),
                optionalDuration(options.softTimeLimit())));
      } catch (dev.celeriac.error.ConfigurationException e) {
        throw new TaskDefinitionException(TaskNames.placeOf(method) + ": " + e.getMessage(), e);
      }
    }

    private static java.time.Duration optionalDuration(String text) {
      return text.isBlank() ? null : dev.celeriac.Durations.parse(text);
    }

    private static void checkSignature(Method method) {
      String place = TaskNames.placeOf(method);
      if (method.isVarArgs()) {
        throw new TaskDefinitionException(
            place
                + " is varargs; a task takes a fixed list of parameters. Use a List parameter instead.");
      }
      for (Parameter p : method.getParameters()) {
        if (containsTypeVariable(p.getParameterizedType())) {
          throw new TaskDefinitionException(
              place
                  + " has parameter '"
                  + p.getName()
                  + "' of generic type "
                  + p.getParameterizedType().getTypeName()
                  + "; arguments arrive as JSON and need a concrete type");
        }
      }
      if (method.getTypeParameters().length > 0) {
        throw new TaskDefinitionException(
            place + " is a generic method; tasks need concrete types");
      }
    }

    private static boolean containsTypeVariable(Type type) {
      if (type instanceof TypeVariable<?>) {
        return true;
      }
      if (type instanceof java.lang.reflect.ParameterizedType pt) {
        for (Type arg : pt.getActualTypeArguments()) {
          if (containsTypeVariable(arg)) {
            return true;
          }
        }
      }
      if (type instanceof java.lang.reflect.GenericArrayType gat) {
        return containsTypeVariable(gat.getGenericComponentType());
      }
      return false;
    }

    private static Object instantiate(Class<?> type, Method method) {
      if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
        throw new TaskDefinitionException(
            TaskNames.placeOf(method)
                + " is an instance method of an abstract type; make it static or the class concrete");
      }
      if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
        throw new TaskDefinitionException(
            TaskNames.placeOf(method)
                + " belongs to an inner (non-static) class; make the class static or top-level");
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
      } catch (NoSuchMethodException e) {
        throw new TaskDefinitionException(
            TaskNames.placeOf(method)
                + " is an instance method, but "
                + type.getName()
                + " has no no-argument constructor; add one or make the method static",
            e);
      } catch (ReflectiveOperationException e) {
        throw new TaskDefinitionException(
            "Cannot create "
                + type.getName()
                + " for "
                + TaskNames.placeOf(method)
                + ": "
                + e.getCause(),
            e);
      }
    }

    public TaskRegistry build() {
      return new TaskRegistry(tasks);
    }
  }
}
