package dev.celeriac.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code celeriac}: the command line. A thin shell over the public API; each subcommand is one
 * class that returns an exit code ({@link ExitCodes}).
 *
 * <pre>
 * celeriac -A com.example.MathTasks worker --loglevel=info
 * celeriac demo
 * </pre>
 */
@Command(
    name = "celeriac",
    mixinStandardHelpOptions = true,
    versionProvider = CeleriacCommand.Version.class,
    description = "A distributed task queue for the JVM that speaks Celery's protocol on RabbitMQ.",
    subcommands = {
      WorkerCommand.class,
      BeatCommand.class,
      DemoCommand.class,
      DeadLettersCommand.class,
      ControlCommand.class,
      InspectCommand.class,
      ResultCommand.class,
      EventsCommand.class,
      CallCommand.class,
      PurgeCommand.class,
      CleanupCommand.class,
      MonitorCommand.class,
      BenchCommand.class,
      BrokerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CeleriacCommand implements Runnable {

  @Option(
      names = {"-A", "--app"},
      paramLabel = "CLASS|PACKAGE",
      scope = ScopeType.INHERIT,
      description = "A class with @Task methods, or a package to scan for them. Repeatable.")
  List<String> apps = new ArrayList<>();

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description =
          "Extra jars and class directories holding the tasks (':'-separated; 'dir/*' adds every jar in dir).")
  String classpath;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing a command, e.g. 'worker'.");
  }

  /** Builds the command line with the project's defaults, exit codes and error printing. */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine cli = new CommandLine(new CeleriacCommand());
    cli.setDefaultValueProvider(new EnvironmentDefaults(environment));
    cli.setExitCodeExceptionMapper(new ExitCodes());
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println(commandLine.getColorScheme().errorText("Error: " + exception.getMessage()));
          err.flush();
          return ExitCodes.of(exception);
        });
    return cli;
  }

  public static void main(String[] args) {
    int code = commandLine(System.getenv()).execute(args);
    System.exit(code);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"celeriac " + version(), "Java " + Runtime.version()};
    }
  }

  static String version() {
    String v = CeleriacCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
