package dev.celeriac.cli.process;

import dev.celeriac.cli.launcher.JvmOptions;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.cli.launcher.WorkerLauncher;
import dev.celeriac.worker.TestTasks;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Worker processes for the process-level tests: {@code celeriac -A TestTasks worker -l info},
 * started by the product's {@link WorkerLauncher} from the CLI jar this build made, with the test
 * tasks on the class path. Their output goes to a file the test can read ({@link
 * LaunchedWorker#output()}).
 */
public final class WorkerProcess {

  private WorkerProcess() {}

  /** Starts {@code celeriac -A TestTasks worker -b url -Q queue -n name -l info ...extra}. */
  public static LaunchedWorker start(String brokerUrl, String queue, String name, String... extra) {
    return start(List.of(), brokerUrl, queue, name, extra);
  }

  /**
   * As {@link #start(String, String, String, String...)}, with further options for the worker's
   * JVM, e.g. a fixed, pre-touched heap for a drill that measures the process's memory. They are
   * given as a user gives them, in {@code CELERIAC_JAVA_OPTS} after any already set, so they come
   * after the product's options.
   */
  public static LaunchedWorker start(
      List<String> jvmOptions, String brokerUrl, String queue, String name, String... extra) {
    String jar = System.getProperty("celeriac.cli.jar", "target/celeriac.jar");
    String userOptions = System.getenv().getOrDefault(JvmOptions.ENV, "");
    return WorkerLauncher.builder()
        .environment(JvmOptions.ENV, (userOptions + " " + String.join(" ", jvmOptions)).strip())
        // The task classes live in the worker module's test-jar (or its test-classes directory).
        .classPath(jar + File.pathSeparator + classPathOf(TestTasks.class))
        .app(TestTasks.class.getName())
        .broker(brokerUrl)
        .queues(queue)
        .hostname(name)
        .loglevel("info")
        .args(extra)
        .build()
        .start();
  }

  private static String classPathOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + type, e);
    }
  }
}
