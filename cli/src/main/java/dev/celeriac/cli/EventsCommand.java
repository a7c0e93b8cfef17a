package dev.celeriac.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.events.Event;
import dev.celeriac.client.events.EventReceiver;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.WorkerEventType;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac events}: Celery's {@code celery events}. A live, refreshing view of workers and
 * tasks, or with {@code --dump} one line per event (the format of {@code celery events --dump}), or
 * with {@code --json} one JSON object per event. Workers send task events when started with {@code
 * -E}.
 */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Watch the events of workers (started with -E) and clients, in both languages.",
      "Without options: a live view, refreshed every second (Ctrl-C to quit)."
    })
final class EventsCommand implements java.util.concurrent.Callable<Integer> {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  @Option(names = "--dump", description = "Print each event on one line instead of the live view.")
  boolean dump;

  @Option(names = "--json", description = "Print each event as one JSON object per line.")
  boolean json;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, e.g. 30s (default: until interrupted).")
  String duration;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      description = "Stop after N events (--dump and --json).")
  long count;

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "20",
      description = "Tasks shown in the live view (default: ${DEFAULT-VALUE}).")
  int rows;

  @Mixin BrokerOptions broker;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    EventTable table = new EventTable();
    boolean lines = dump || json;
    try (BrokerConnection connection = BrokerConnection.open(broker.settings(), "celeriac-events");
        EventReceiver receiver =
            EventReceiver.start(
                connection,
                event -> {
                  if (lines) {
                    synchronized (out) {
                      out.println(json ? CeleryJson.write(event.body()) : dumpLine(event));
                      out.flush();
                    }
                    if (count > 0 && seen.incrementAndGet() >= count) {
                      done.countDown();
                    }
                  } else {
                    table.accept(event);
                  }
                })) {
      if (dump && !json) {
        out.println("-> celeriac events: starting capture...");
        out.flush();
      }
      long deadline =
          duration == null
              ? Long.MAX_VALUE
              : System.nanoTime() + dev.celeriac.Durations.parse(duration).toNanos();
      while (System.nanoTime() < deadline) {
        long wait = Math.min(Duration.ofSeconds(1).toNanos(), deadline - System.nanoTime());
        if (done.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
          break;
        }
        if (!lines) {
          out.print("\033[H\033[2J"); // home and clear, as a terminal view
          out.print(table.render(rows));
          out.flush();
        }
      }
    }
    return ExitCodes.OK;
  }

  /** One line as {@code celery events --dump} prints it. */
  static String dumpLine(Event event) {
    ObjectNode fields = event.body().deepCopy();
    fields.remove(List.of("timestamp", "type", "hostname"));
    long micros = Math.round(event.timestamp() * 1e6);
    String time =
        TIMESTAMP.format(
            Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L));
    String human = humanize(event.type());
    String task = "";
    if (event.isTaskEvent()) {
      fields.remove("uuid");
      TaskEventType type = event.taskEventType().orElse(null);
      if (type == TaskEventType.RECEIVED || type == TaskEventType.SENT) {
        task =
            event.text("name")
                + "("
                + event.uuid()
                + ") args="
                + event.text("args")
                + " kwargs="
                + event.text("kwargs");
        fields.remove(List.of("name", "args", "kwargs"));
      } else {
        task = "[" + event.uuid() + "]";
      }
    }
    String rest =
        fields.properties().stream()
            .map(
                e ->
                    e.getKey()
                        + "="
                        + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue()))
            .sorted()
            .collect(Collectors.joining(", "));
    return event.hostname()
        + " ["
        + time
        + "] "
        + human
        + (rest.isEmpty() && task.isEmpty() ? "" : ":")
        + (task.isEmpty() ? "" : " " + task)
        + (rest.isEmpty() ? "" : " " + rest);
  }

  private static String humanize(String type) {
    return WorkerEventType.fromWire(type)
        .map(
            t ->
                switch (t) {
                  case ONLINE -> "started";
                  case OFFLINE -> "shutdown";
                  case HEARTBEAT -> "heartbeat";
                })
        .orElse(type.toLowerCase(Locale.ROOT).replace('-', ' '));
  }
}
