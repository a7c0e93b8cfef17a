package dev.celeriac.spring.boot;

import dev.celeriac.Periodic;
import dev.celeriac.beat.BeatEntry;
import dev.celeriac.beat.BeatSettings;
import dev.celeriac.beat.PeriodicEntries;
import dev.celeriac.beat.ScheduleFile;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.BrokerUnavailableException;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.worker.PoolType;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.WorkerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;

/**
 * Turns {@link CeleriacProperties} into Celeriac's settings, and says what went wrong in terms of
 * properties. Pure functions, so each rule has a unit test without a broker.
 */
final class CeleriacSettings {

  /** Boot's default for {@code spring.lifecycle.timeout-per-shutdown-phase}. */
  static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

  /** Left to the worker to close its connection after running tasks have finished. */
  static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

  private static final String SHUTDOWN_TIMEOUT_PROPERTY = CeleriacProperties.SHUTDOWN_TIMEOUT;

  private CeleriacSettings() {}

  static BrokerSettings broker(CeleriacProperties properties) {
    try {
      return BrokerSettings.builder()
          .url(properties.getBrokerUrl())
          .queueType(QueueType.parse(properties.getQueueType()))
          .connectAttempts(properties.getConnectAttempts())
          .build();
    } catch (ConfigurationException e) {
      throw new ConfigurationException(
          "Invalid celeriac.* property ("
              + e.getMessage()
              + "). Correct it in the application's"
              + " properties or the CELERIAC_* environment variable.");
    }
  }

  /**
   * The worker's settings.
   *
   * @param shutdownPhase Boot's {@code spring.lifecycle.timeout-per-shutdown-phase}: the warm
   *     shutdown must end within it, or Boot stops waiting while tasks still run
   */
  static WorkerSettings worker(
      CeleriacProperties properties, BrokerSettings broker, Duration shutdownPhase) {
    CeleriacProperties.Worker worker = properties.getWorker();
    WorkerSettings.Builder builder =
        WorkerSettings.builder()
            .broker(broker)
            .queues(worker.getQueues())
            .pool(PoolType.parse(worker.getPool()))
            .prefetchMultiplier(worker.getPrefetchMultiplier())
            .maxDeliveries(worker.getMaxDeliveries())
            .taskEvents(worker.isTaskEvents())
            .heartbeat(worker.isHeartbeat())
            .shutdownTimeout(shutdownTimeout(worker.getShutdownTimeout(), shutdownPhase))
            .resultBackend(properties.getResultBackend())
            .resultExpires(properties.getResultExpires())
            .resultExtended(properties.isResultExtended())
            .resultPersistent(properties.isResultPersistent());
    if (worker.getConcurrency() != null) {
      builder.concurrency(worker.getConcurrency());
    }
    if (worker.getHostname() != null && !worker.getHostname().isBlank()) {
      builder.hostname(worker.getHostname());
    }
    return builder.build();
  }

  /**
   * The configured timeout, which must leave {@link #CLOSE_MARGIN} of the shutdown phase; else the
   * phase less that margin (at least one second).
   */
  static Duration shutdownTimeout(Duration configured, Duration shutdownPhase) {
    Duration limit = shutdownPhase.minus(CLOSE_MARGIN);
    if (configured == null) {
      return limit.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : limit;
    }
    if (configured.compareTo(limit) > 0) {
      throw new ConfigurationException(
          SHUTDOWN_TIMEOUT_PROPERTY
              + " is "
              + configured
              + ", but Boot waits only "
              + shutdownPhase
              + " (spring.lifecycle.timeout-per-shutdown-phase) for the whole shutdown phase; keep"
              + " it at most "
              + limit
              + " or raise spring.lifecycle.timeout-per-shutdown-phase");
    }
    return configured;
  }

  /**
   * The embedded beat's settings: the {@code @Periodic} entries of {@code tasks} (the task beans),
   * then those of {@code celeriac.beat.schedule}. Entries of the file are not checked against the
   * application's tasks: it may schedule tasks that other workers run.
   *
   * @throws ConfigurationException naming the entry and the property (or the annotated method)
   */
  static BeatSettings beat(
      CeleriacProperties properties, BrokerSettings broker, TaskRegistry tasks) {
    CeleriacProperties.Beat beat = properties.getBeat();
    List<BeatEntry> entries = new ArrayList<>();
    for (String name : tasks.names()) {
      TaskDefinition task = tasks.find(name).orElseThrow();
      for (Periodic p : task.method().getAnnotationsByType(Periodic.class)) {
        entries.add(PeriodicEntries.of(name, task.options().queue(), p, task.place()));
      }
    }
    Resource schedule = beat.getSchedule();
    if (schedule != null) {
      String source = schedule.getDescription() + " (" + CeleriacProperties.BEAT_SCHEDULE + ")";
      String text;
      try {
        text = schedule.getContentAsString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigurationException(
            "Cannot read the beat schedule "
                + source
                + ": "
                + e.getMessage()
                + ". Point "
                + CeleriacProperties.BEAT_SCHEDULE
                + " at a readable file, e.g. classpath:beat.json or file:/etc/app/beat.json.");
      }
      entries.addAll(ScheduleFile.parse(text, source));
    }
    if (entries.isEmpty()) {
      throw new ConfigurationException(
          "celeriac.beat.enabled=true, but the beat has no entries: add @Periodic to a @Task"
              + " method of a bean, or set "
              + CeleriacProperties.BEAT_SCHEDULE
              + " to a schedule file");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(beat.getTimezone());
    } catch (DateTimeException e) {
      throw new ConfigurationException(
          CeleriacProperties.BEAT_TIMEZONE
              + " '"
              + beat.getTimezone()
              + "' is not a time zone; use a name such as Europe/Paris or UTC");
    }
    try {
      return BeatSettings.builder()
          .broker(broker)
          .entries(entries)
          .zone(zone)
          .group(beat.getGroup())
          .misfireThreshold(beat.getMisfireThreshold())
          .build();
    } catch (ConfigurationException e) {
      throw new ConfigurationException(
          "Invalid celeriac.beat.* property or entry ("
              + e.getMessage()
              + "). Correct it in the application's properties.");
    }
  }

  /** The start-up failure for an unreachable broker, in terms of the property that names it. */
  static BrokerUnavailableException unreachable(
      BrokerSettings broker, BrokerUnavailableException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new BrokerUnavailableException(
        "Cannot connect to the broker at "
            + broker.addresses().masked()
            + " named by property "
            + CeleriacProperties.BROKER_URL
            + " (or env CELERIAC_BROKER_URL) after "
            + broker.connectAttempts()
            + " attempt(s): "
            + reason
            + ". Is RabbitMQ running there? Set "
            + CeleriacProperties.BROKER_URL
            + " to a reachable broker.",
        e);
  }
}
