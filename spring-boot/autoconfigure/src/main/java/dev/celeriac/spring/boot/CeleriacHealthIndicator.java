package dev.celeriac.spring.boot;

import dev.celeriac.beat.BeatRole;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.Worker;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Celeriac's part of {@code /actuator/health}: DOWN when the client's broker connection is closed,
 * when the worker (if enabled) runs no consumers, or when a durable result backend does not answer
 * a read. With the embedded beat, {@code beat} says whether this instance is the elected {@code
 * sender} or a {@code standby} (or {@code stopped}); standing by is healthy.
 *
 * <pre>{@code
 * {"status":"UP","details":{"broker":"amqp://guest:**@rabbit:5672//","worker":"celery@host",
 *  "queues":["orders"],"active":0,"beat":"standby","resultBackend":"redis://cache:6379/0"}}
 * }</pre>
 */
public final class CeleriacHealthIndicator extends AbstractHealthIndicator {

  /** A task id no one uses: reading it proves the backend answers. */
  static final String PROBE_ID = "celeriac-health-probe";

  private final Celeriac app;
  private final Supplier<CeleriacWorker> worker; // null supplier value: no worker in this app
  private final Supplier<CeleriacBeat> beat; // null supplier value: no beat in this app

  CeleriacHealthIndicator(
      Celeriac app, Supplier<CeleriacWorker> worker, Supplier<CeleriacBeat> beat) {
    super("Celeriac health check failed");
    this.app = app;
    this.worker = worker;
    this.beat = beat;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    WorkerClient client = WorkerClient.of(app);
    var connection = client.connection();
    builder.withDetail("broker", connection.settings().addresses().masked());
    if (!connection.isOpen()) {
      builder.down().withDetail("error", "the broker connection is closed (reconnecting)");
      return;
    }
    CeleriacWorker lifecycle = worker.get();
    if (lifecycle != null) {
      Worker running = lifecycle.worker();
      if (running == null || running.queues().isEmpty()) {
        builder.down().withDetail("error", "the worker consumes no queue");
        return;
      }
      builder
          .withDetail("worker", running.settings().hostname())
          .withDetail("queues", running.queues())
          .withDetail("active", running.active());
    }
    CeleriacBeat embeddedBeat = beat.get();
    if (embeddedBeat != null) {
      builder.withDetail("beat", beatRole(embeddedBeat.role()));
    }
    ResultBackend results = client.results();
    builder.withDetail("resultBackend", results.url());
    if (results.persistent()) {
      results.fetch(PROBE_ID); // throws when the backend does not answer: DOWN with the error
    }
    builder.up();
  }

  static String beatRole(BeatRole role) {
    return switch (role) {
      case SENDING -> "sender";
      case STANDBY -> "standby";
      case STOPPED -> "stopped";
    };
  }
}
