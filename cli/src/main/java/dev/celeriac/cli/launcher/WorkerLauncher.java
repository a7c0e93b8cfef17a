package dev.celeriac.cli.launcher;

import dev.celeriac.cli.CeleriacCommand;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code celeriac worker} in a JVM of its own, the way bin/celeriac starts it: the same
 * {@code java}, the product's {@link JvmOptions} then the user's {@code CELERIAC_JAVA_OPTS}, the
 * CLI's main class. The one way Celeriac code starts worker processes: the demo, the benchmarks and
 * the process-level tests all use it, so what they run is what users run. There is deliberately no
 * way to add JVM options here other than {@code CELERIAC_JAVA_OPTS}, which users have too.
 *
 * <pre>{@code
 * WorkerLauncher launcher =
 *     WorkerLauncher.builder()
 *         .app("com.example.MathTasks")
 *         .broker("amqp://guest:guest@localhost:5672//")
 *         .queues("celery")
 *         .hostname("w1@localhost")
 *         .args("--concurrency", "4")
 *         .build();
 * try (LaunchedWorker worker = launcher.start().awaitReady()) {
 *   // ... send tasks ...
 *   worker.stop(Duration.ofSeconds(40)); // SIGTERM: a warm shutdown
 * }
 * }</pre>
 *
 * <p>An immutable description of the command: {@link #start()} may be called more than once, each
 * call starting one more process (give each its own {@code hostname}).
 */
public final class WorkerLauncher {

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private final PrintWriter echo;
  private final String hostname;

  private WorkerLauncher(Builder b) {
    this.environment = Map.copyOf(b.environment);
    Map<String, String> inherited = new HashMap<>(System.getenv());
    inherited.putAll(environment);
    this.log = b.log;
    this.echo = b.echo;
    this.hostname = b.hostname;
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(JvmOptions.of(inherited));
    c.add("-cp");
    c.add(b.classPath);
    c.add(CeleriacCommand.class.getName());
    for (String app : b.apps) {
      c.add("-A");
      c.add(app);
    }
    c.add("worker");
    add(c, "--broker", b.broker);
    add(c, "--queues", b.queues);
    add(c, "--hostname", b.hostname);
    add(c, "--loglevel", b.loglevel);
    c.addAll(b.args);
    this.command = List.copyOf(c);
  }

  private static void add(List<String> command, String flag, String value) {
    if (value != null) {
      command.add(flag);
      command.add(value);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The command line a process is started with. */
  public List<String> command() {
    return command;
  }

  /**
   * Starts one worker process. Its standard output and error go, merged, to the log file (a new
   * temporary file unless one was given) and to the echo writer if any.
   *
   * @throws CeleriacException when the process cannot be started
   */
  public LaunchedWorker start() {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      Path output = log;
      boolean temporary = output == null;
      if (temporary) {
        String name = hostname == null ? "worker" : hostname.replaceAll("[^A-Za-z0-9.-]", "-");
        output = Files.createTempFile("celeriac-" + name + "-", ".log");
      }
      Process process = builder.start();
      process.getOutputStream().close(); // the worker reads nothing: it sees end of input
      return new LaunchedWorker(process, command, output, temporary, echo, hostname);
    } catch (IOException e) {
      throw new CeleriacException("Cannot start a worker process (" + command.getFirst() + ")", e);
    }
  }

  /** What to start; {@link #build()} fixes the command. */
  public static final class Builder {

    private final List<String> apps = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private String classPath = System.getProperty("java.class.path");
    private String broker;
    private String queues;
    private String hostname;
    private String loglevel;
    private Path log;
    private PrintWriter echo;

    private Builder() {}

    /** Tasks to load, as {@code -A}: a class or a package. At least one is needed. */
    public Builder app(String classOrPackage) {
      apps.add(classOrPackage);
      return this;
    }

    /**
     * The worker JVM's class path: the celeriac jar and the tasks' classes. Default: this JVM's,
     * for a launcher running from the celeriac jar.
     */
    public Builder classPath(String classPath) {
      this.classPath = classPath;
      return this;
    }

    /** {@code --broker}; default: the worker's own ({@code CELERIAC_BROKER_URL} or localhost). */
    public Builder broker(String url) {
      this.broker = url;
      return this;
    }

    /** {@code --queues}, comma-separated; default: the worker's own. */
    public Builder queues(String queues) {
      this.queues = queues;
      return this;
    }

    /** {@code --hostname}, the node name; default: the worker's own, {@code celery@<host>}. */
    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    /** {@code --loglevel}; default: the worker's own. */
    public Builder loglevel(String loglevel) {
      this.loglevel = loglevel;
      return this;
    }

    /** Further {@code worker} arguments, e.g. {@code "--concurrency", "8"} or {@code "-E"}. */
    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    /** Further {@code worker} arguments. */
    public Builder args(List<String> more) {
      args.addAll(more);
      return this;
    }

    /**
     * Sets a variable in the worker's environment, which is otherwise this process's. {@code
     * CELERIAC_JAVA_OPTS} set here is read as bin/celeriac reads it.
     */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Where the worker's output goes; default: a new temporary file, deleted on close. */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    /** Also copies each line the worker prints to {@code out}, e.g. to show it live. */
    public Builder echo(PrintWriter out) {
      this.echo = out;
      return this;
    }

    /**
     * The launcher.
     *
     * @throws ConfigurationException without an app or a class path
     */
    public WorkerLauncher build() {
      ConfigurationException.require(
          !apps.isEmpty(), "a worker needs tasks to run: give app(\"com.example.MyTasks\")");
      ConfigurationException.require(
          classPath != null && !classPath.isBlank(), "a worker needs a class path");
      return new WorkerLauncher(this);
    }
  }
}
