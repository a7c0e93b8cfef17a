package dev.celeriac.test;

import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.Worker;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link CeleriacTest}: before a test class's tests it starts the
 * class's worker and client ({@code ClassRun}), resolves {@link Celeriac} and {@link Worker}
 * parameters of constructors, test methods and lifecycle methods, and after the class stops them.
 * Use it through the annotation; registered directly with {@code @ExtendWith} on a class without
 * the annotation it gives a client and no worker.
 *
 * <p>The run is started on first need, which is the constructor when the class uses {@code
 * TestInstance.Lifecycle.PER_CLASS} (JUnit creates such instances before {@code beforeAll}), and
 * kept in the store of the class that carries the annotation, so {@code @Nested} classes without an
 * annotation of their own share it.
 *
 * <h2>Concurrency</h2>
 *
 * JUnit calls the callbacks on the thread that runs the class; with parallel execution, classes run
 * on different threads and each has its own run. The store computes a run at most once.
 */
public final class CeleriacExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CeleriacExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    run(context); // start now, so a broken setup fails the class, not its first test
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    if (owner != context) {
      return; // a @Nested class sharing its enclosing class's run: that class closes it
    }
    // Closed here rather than left to the store, so the worker stops right after its class on
    // any JUnit version.
    ClassRun run = owner.getStore(NAMESPACE).remove(owner.getUniqueId(), ClassRun.class);
    if (run != null) {
      run.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Celeriac.class || type == Worker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ClassRun run = run(context);
    if (parameter.getParameter().getType() == Celeriac.class) {
      return run.app();
    }
    if (run.worker() == null) {
      throw new ParameterResolutionException(
          "No Worker to inject into "
              + parameter.getDeclaringExecutable()
              + ": @CeleriacTest on "
              + owner(context).getRequiredTestClass().getName()
              + " names no tasks. Give it tasks = YourTasks.class or packages = \"...\".");
    }
    return run.worker();
  }

  private static ClassRun run(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    Class<?> testClass = owner.getRequiredTestClass();
    return owner
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            owner.getUniqueId(),
            id ->
                ClassRun.start(
                    testClass,
                    AnnotationSupport.findAnnotation(testClass, CeleriacTest.class).orElse(null)),
            ClassRun.class);
  }

  /**
   * The class context whose run serves {@code context}: the nearest class (the test class, then its
   * enclosing classes for {@code @Nested} ones) carrying {@link CeleriacTest}, else the outermost
   * test class.
   */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext outermost = context;
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      ExtensionContext candidate = c.get();
      if (candidate.getTestClass().isEmpty() || candidate.getTestMethod().isPresent()) {
        continue; // a method or invocation context, or the engine's root
      }
      if (AnnotationSupport.isAnnotated(candidate.getTestClass(), CeleriacTest.class)) {
        return candidate;
      }
      outermost = candidate;
    }
    return outermost;
  }
}
