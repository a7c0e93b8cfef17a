package dev.celeriac.spring.boot;

import dev.celeriac.Task;
import dev.celeriac.TaskNames;
import dev.celeriac.error.TaskDefinitionException;
import dev.celeriac.worker.TaskRegistry;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans with {@code @Task} methods as the context creates them, and binds each method to
 * its bean, as the context hands it out: a proxy when the bean has one, so transactions and other
 * advice apply to the task as to any call.
 *
 * <p>A task name claimed by two beans fails the context as the second is created, naming both.
 *
 * <h2>Concurrency</h2>
 *
 * Beans are post-processed on the thread that refreshes the context; {@link #registry()} is called
 * after the refresh. Both synchronize on this object.
 */
public final class TaskBeans implements BeanPostProcessor {

  private record TaskBean(String beanName, Class<?> type, Object bean) {}

  private final Set<Class<?>> withoutTasks = ConcurrentHashMap.newKeySet();
  private final List<TaskBean> beans = new ArrayList<>();
  private final Map<String, String> owners = new LinkedHashMap<>(); // task name -> bean and place

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
    if (withoutTasks.contains(type) || !AnnotationUtils.isCandidateClass(type, Task.class)) {
      return bean;
    }
    List<Method> tasks = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Task.class) && !method.isBridge() && !method.isSynthetic()) {
        tasks.add(method);
      }
    }
    if (tasks.isEmpty()) {
      withoutTasks.add(type);
      return bean;
    }
    if (!type.isInstance(bean)) {
      throw new TaskDefinitionException(
          "Bean '"
              + beanName
              + "' has @Task methods but is an interface-based proxy, which cannot run them."
              + " Proxy the class instead (spring.aop.proxy-target-class=true, Boot's default).");
    }
    add(beanName, type, bean, tasks);
    return bean;
  }

  private synchronized void add(String beanName, Class<?> type, Object bean, List<Method> tasks) {
    for (Method method : tasks) {
      String name = TaskNames.nameOf(method);
      String place = "bean '" + beanName + "' (" + TaskNames.placeOf(method) + ")";
      String before = owners.putIfAbsent(name, place);
      if (before != null) {
        throw new TaskDefinitionException(
            "Task name '"
                + name
                + "' is declared twice: by "
                + before
                + " and by "
                + place
                + ". Give one of them another @Task(name = ...), or make one bean of the class.");
      }
    }
    beans.add(new TaskBean(beanName, type, bean));
  }

  /** Task names and the beans that declare them, in the order the beans were created. */
  public synchronized Map<String, String> tasks() {
    return Map.copyOf(owners);
  }

  /** A registry of every task found so far, each bound to its bean. */
  public synchronized TaskRegistry registry() {
    TaskRegistry.Builder builder = TaskRegistry.builder();
    for (TaskBean task : beans) {
      try {
        builder.add(task.type(), task.bean());
      } catch (TaskDefinitionException e) {
        throw new TaskDefinitionException("Bean '" + task.beanName() + "': " + e.getMessage());
      }
    }
    return builder.build();
  }
}
