package dev.celeriac.cli;

import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The start-up banner, laid out like Celery's so operators find things where they expect. */
final class Banner {

  private Banner() {}

  static void print(PrintWriter out, Worker worker, List<String> apps) {
    WorkerSettings s = worker.settings();
    String platform =
        System.getProperty("os.name")
            + "-"
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch")
            + " Java "
            + Runtime.version()
            + " "
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    out.println();
    out.println(
        " -------------- " + s.hostname() + " v" + CeleriacCommand.version() + " (celeriac)");
    out.println("--- ***** ----- ");
    out.println("-- ******* ---- " + platform);
    out.println("- *** --- * --- ");
    out.println("- ** ---------- [config]");
    out.println("- ** ---------- .> app:         " + String.join(", ", apps));
    out.println(
        "- ** ---------- .> transport:   "
            + s.broker().addresses().masked()
            + " ("
            + worker.brokerDescription()
            + ")");
    out.println("- ** ---------- .> results:     " + worker.resultBackend());
    out.println(
        "- *** --- * --- .> concurrency: "
            + s.effectiveConcurrency()
            + " ("
            + s.pool().wireName()
            + ")");
    out.println("-- ******* ---- .> prefetch:    " + s.prefetch() + " per queue (acks late)");
    out.println(
        "--- ***** ----- .> task events: "
            + (s.taskEvents() ? "ON" : "OFF (enable -E to monitor tasks in this worker)"));
    if (worker.metricsPort() >= 0) {
      out.println(
          "                .> metrics:     http://0.0.0.0:" + worker.metricsPort() + "/metrics");
    }
    out.println(" -------------- [queues]");
    for (String q : s.queues()) {
      out.printf(
          "                .> %-16s exchange=%s(direct) key=%s  dead letters: %s.dead-letter%n",
          q, q, q, q);
    }
    out.println();
    out.println("[tasks]");
    worker.registry().names().stream().sorted().forEach(name -> out.println("  . " + name));
    out.println();
    out.flush();
  }
}
