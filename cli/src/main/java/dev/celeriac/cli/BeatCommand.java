package dev.celeriac.cli;

import dev.celeriac.Periodic;
import dev.celeriac.beat.Beat;
import dev.celeriac.beat.BeatEntry;
import dev.celeriac.beat.BeatSettings;
import dev.celeriac.beat.BeatStatus;
import dev.celeriac.beat.PeriodicEntries;
import dev.celeriac.beat.ScheduleFile;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code celeriac [-A APP] beat [--schedule FILE]}: sends periodic tasks. Run it on as many
 * machines as you like; they elect one sender through the broker (docs/beat.md). {@code --list}
 * prints the entries with their last and next runs, {@code --status} what the current sender
 * reports.
 */
@Command(
    name = "beat",
    mixinStandardHelpOptions = true,
    description = {
      "Send periodic tasks: entries from --schedule FILE (Celery's beat_schedule as JSON) and",
      "@Periodic methods of -A. Any number may run; exactly one sends at a time."
    })
final class BeatCommand implements Callable<Integer> {

  @ParentCommand CeleriacCommand parent;

  @Option(
      names = {"-s", "--schedule"},
      paramLabel = "FILE",
      description = "A JSON schedule file, Celery's beat_schedule shape (default: none).")
  String schedule;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "The zone crontabs are read in, e.g. Europe/Paris (default: ${DEFAULT-VALUE}).")
  String timezone;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      description =
          "Beats of one schedule: they elect one sender and share last runs (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--misfire-threshold",
      paramLabel = "DURATION",
      description =
          "While an entry's oldest due tick is at most this late all its due ticks are sent;"
              + " beyond, its misfire policy applies (default: ${DEFAULT-VALUE}).")
  String misfireThreshold;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "LEVEL",
      description = "debug, info, warning, error or critical (default: ${DEFAULT-VALUE}).")
  String loglevel;

  @Option(names = "--list", description = "Print each entry with its last and next run; exit.")
  boolean list;

  @Option(
      names = "--status",
      description = "Print which process sends, and its entries' last and next runs; exit.")
  boolean status;

  @Mixin BrokerOptions broker;

  @Mixin SecurityOptions security;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = parent.spec.commandLine().getOut();
    if (status) {
      LogSetup.apply("warning");
      return printStatus(out);
    }
    LogSetup.apply(list ? "warning" : loglevel);
    BeatSettings settings = settings();
    if (list) {
      return printList(out, settings);
    }
    Beat beat = Beat.start(settings);
    ShutdownSignals.install("beat", beat::close, () -> Runtime.getRuntime().halt(1));
    out.println(
        settings.identity()
            + " beat ready: "
            + settings.entries().size()
            + " entries, group "
            + settings.group()
            + ", zone "
            + settings.zone()
            + ".");
    out.flush();
    beat.awaitTermination();
    return ExitCodes.OK;
  }

  private BeatSettings settings() {
    List<BeatEntry> entries = new ArrayList<>();
    if (schedule != null && !schedule.isBlank()) {
      Path file = Path.of(schedule);
      try {
        entries.addAll(ScheduleFile.parse(Files.readString(file), file.toString()));
      } catch (IOException e) {
        throw new ConfigurationException(
            "Cannot read the schedule file " + file + ": " + e.getMessage());
      }
    }
    if (!parent.apps.isEmpty()) {
      ClassLoader loader = AppClassLoader.of(parent.classpath);
      Thread.currentThread().setContextClassLoader(loader);
      TaskRegistry.Builder builder = TaskRegistry.builder().classLoader(loader);
      parent.apps.forEach(builder::app);
      TaskRegistry registry = builder.build();
      ScheduleFile.requireKnownTasks(entries, registry.names(), "-A " + parent.apps);
      for (String name : registry.names()) {
        TaskDefinition task = registry.find(name).orElseThrow();
        for (Periodic p : task.method().getAnnotationsByType(Periodic.class)) {
          entries.add(PeriodicEntries.of(name, task.options().queue(), p, task.place()));
        }
      }
    }
    return BeatSettings.builder()
        .broker(broker.settings())
        .entries(entries)
        .zone(zone())
        .group(group)
        .misfireThreshold(WorkerCommand.duration(misfireThreshold))
        .security(security.settings())
        .build();
  }

  private ZoneId zone() {
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new ConfigurationException(
          "--timezone '"
              + timezone
              + "' is not a time zone; use a name such as Europe/Paris or UTC");
    }
  }

  private int printList(PrintWriter out, BeatSettings settings) {
    Map<String, Instant> lastRuns = Beat.lastRuns(settings.broker(), settings.group());
    out.printf("%-24s %-24s %-32s %-26s %s%n", "ENTRY", "TASK", "SCHEDULE", "LAST RUN", "NEXT RUN");
    for (BeatEntry e : settings.entries()) {
      Instant last = lastRuns.get(e.name());
      out.printf(
          "%-24s %-24s %-32s %-26s %s%n",
          e.name(),
          e.task(),
          e.schedule().describe(),
          last == null ? "never" : last,
          Beat.nextRun(e, last, settings.zone()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int printStatus(PrintWriter out) {
    BeatStatus s = Beat.status(broker.settings(), group);
    if (s == null) {
      out.println("No beat of group " + group + " has sent yet.");
      out.flush();
      return ExitCodes.FAILURE;
    }
    Duration age = Duration.between(s.updated(), Instant.now());
    out.println(
        "sender: "
            + s.sender()
            + " (since "
            + s.since()
            + "; reported "
            + Math.max(0, age.toMillis()) / 1000.0
            + " s ago"
            + (s.staleAt(Instant.now()) ? ", stale: is any beat running?" : "")
            + ")");
    out.printf("%-24s %-24s %-32s %-26s %s%n", "ENTRY", "TASK", "SCHEDULE", "LAST RUN", "NEXT RUN");
    for (BeatStatus.Line l : s.entries()) {
      out.printf(
          "%-24s %-24s %-32s %-26s %s%n",
          l.name(),
          l.task(),
          l.schedule(),
          l.lastRun() == null ? "never" : l.lastRun(),
          l.nextRun());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
