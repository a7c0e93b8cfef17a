package dev.celeriac.worker;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.events.EventDispatcher;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import dev.celeriac.worker.consume.ClientPorts;
import dev.celeriac.worker.consume.ConfirmingRepublisher;
import dev.celeriac.worker.consume.RevocationFeed;
import dev.celeriac.worker.control.ControlTarget;
import dev.celeriac.worker.control.Mailbox;
import dev.celeriac.worker.control.RevokeRecorder;
import dev.celeriac.worker.events.WorkerEvents;
import dev.celeriac.worker.execution.StoreRetry;
import dev.celeriac.worker.execution.TaskScope;
import dev.celeriac.worker.metrics.WorkerMetrics;
import dev.celeriac.worker.pipeline.DeliveryPipeline;
import dev.celeriac.worker.pipeline.InFlightRegistry;
import dev.celeriac.worker.pipeline.InboundMessage;
import dev.celeriac.worker.pipeline.WorkerTaskListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a worker's {@link Components} in start order: connection, publisher, client app (with the
 * result backend), events, metrics, the {@link DeliveryPipeline}, the revoke stream, the mailbox,
 * the queue consumers and heartbeats. The broker-facing adapters (ports) are plugged into the
 * pipeline here and nowhere else.
 *
 * <h2>Concurrency</h2>
 *
 * Built on the thread that starts the worker. If building fails half-way, what was built is closed
 * before the failure is thrown.
 */
final class WorkerAssembly {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** How long a starting worker reads the revokes kept in the broker before it consumes. */
  private static final Duration REVOKE_CATCH_UP = Duration.ofSeconds(10);

  final Components components = new Components();
  final InFlightRegistry inFlight = new InFlightRegistry();
  final BrokerConnection connection;
  final Consumers consumers;
  final RevokeRecorder revokes;
  final DeliveryPipeline pipeline;
  final WorkerMetrics metrics; // null without a metrics port
  final ResultBackend results; // the client app's; closed with it
  private final WorkerSettings settings;

  private final MeterRegistry meters; // the application's, or null

  WorkerAssembly(
      WorkerSettings settings, TaskRegistry registry, ControlTarget control, MeterRegistry meters) {
    this.settings = settings;
    this.meters = meters;
    // Read and checked before connecting: a worker that cannot verify must not consume.
    MessageSigning signing = signing(settings.security());
    this.connection = BrokerConnection.open(settings.broker(), settings.hostname());
    this.consumers = new Consumers(connection, settings, this::deliver);
    components.add(Component.of("connection", () -> {}, connection::close, connection::abort));
    try {
      var publisher =
          components.add(Component.owning("publisher", new ConfirmingPublisher(connection)));
      // A worker is also a client: it publishes retries, chain steps and callbacks on its
      // connection, through ClientPorts only. Its app opens the result backend (the one lookup
      // of backends by URL), which stores this worker's results and serves its tasks' waits.
      var app =
          components.add(
              Component.owning(
                  "client app",
                  Celeriac.builder()
                      .connection(connection)
                      .json(CeleryJson.mapper())
                      .resultBackend(settings.resultBackend())
                      .resultExpires(settings.resultOptions().expires())
                      .resultExtended(settings.resultOptions().extended())
                      .resultPersistent(settings.resultOptions().persistent())
                      .security(settings.security())
                      .build()));
      var client = new ClientPorts(app.resource());
      this.revokes = client;
      this.results = WorkerClient.of(app.resource()).results();
      List<WorkerTaskListener> listeners = new ArrayList<>();
      WorkerEvents events = events(listeners);
      this.metrics = settings.metricsPort() < 0 && meters == null ? null : metrics(listeners);
      this.pipeline =
          DeliveryPipeline.builder()
              .tasks(registry)
              .inFlight(inFlight)
              .pool(settings.pool(), settings.effectiveConcurrency())
              .hostname(settings.hostname())
              .maxMessageSize(settings.maxMessageSize())
              .maxDeliveries(settings.maxDeliveries())
              // Without broker delays (a broker that cannot hold them) ETAs wait in memory.
              .brokerDelays(connection.brokerDelays())
              .resultTimeout(settings.broker().publishConfirmTimeout())
              .resultRetry(
                  StoreRetry.of(settings.resultRetryTimeout(), settings.resultRetryMaxBackoff()))
              .republisher(new ConfirmingRepublisher(publisher.resource()))
              .results(results)
              .followUps(client)
              .listener(WorkerTaskListener.all(listeners))
              .scope(TaskScope.of(app.resource()))
              .signing(signing)
              .build();
      components.add(Component.of("pipeline", () -> {}, pipeline::abort));
      // Revokes kept in the broker are read before consuming, so tasks revoked while this worker
      // was down are known before their messages arrive; new ones follow.
      var feed = new RevocationFeed(connection, publisher.resource(), pipeline.gates()::revoke);
      components.add(Component.of("revoke stream", () -> feed.start(REVOKE_CATCH_UP), feed::close));
      var mailbox = new Mailbox(connection, settings.hostname(), control, signing);
      components.add(Component.of("mailbox", mailbox::start, mailbox::close));
      components.add(consumers);
      if (events != null) {
        components.add(heartbeats(events));
      }
    } catch (RuntimeException e) {
      components.abortAll();
      throw e;
    }
  }

  private static MessageSigning signing(SecuritySettings security) {
    if (security == null) {
      return null;
    }
    MessageSigning signing = security.load();
    log.info(
        "Message signing on: signing as '{}' ({}), running only messages signed by one of {}"
            + " trusted certificate(s)",
        signing.signer(),
        signing.digest(),
        signing.trusted().size());
    for (String expired : signing.expiredInStore()) {
      log.warn(
          "Trusted certificate '{}' has expired: messages it signed are refused; remove it from"
              + " the cert store",
          expired);
    }
    return signing;
  }

  private void deliver(InboundMessage message) {
    pipeline.onDelivery(message); // consumers start after the pipeline is built
  }

  /** Task events ({@code -E}) and heartbeats share one dispatcher; null when neither is on. */
  private WorkerEvents events(List<WorkerTaskListener> listeners) {
    if (!settings.taskEvents() && !settings.heartbeat()) {
      return null;
    }
    var dispatcher =
        components.add(
            Component.owning("events", new EventDispatcher(connection, settings.hostname())));
    var events =
        new WorkerEvents(
            dispatcher.resource(), Worker.version(), inFlight::running, inFlight::processed);
    if (settings.taskEvents()) {
      listeners.add(events);
    }
    return events;
  }

  /** In the application's registry when it gave one, else served on the metrics port. */
  private WorkerMetrics metrics(List<WorkerTaskListener> listeners) {
    WorkerMetrics served =
        meters != null
            ? WorkerMetrics.bind(
                meters,
                connection,
                settings.hostname(),
                inFlight::size,
                inFlight::running,
                consumers::queues)
            : WorkerMetrics.serve(
                settings.metricsPort(),
                connection,
                settings.hostname(),
                inFlight::size,
                inFlight::running,
                consumers::queues);
    components.add(Component.owning("metrics", served));
    listeners.add(served);
    return served;
  }

  /** {@code worker-online} and heartbeats when on; {@code worker-offline} on a warm shutdown. */
  private Component heartbeats(WorkerEvents events) {
    boolean on = settings.heartbeat();
    return Component.of(
        "heartbeats",
        () -> {
          if (on) {
            events.online();
          }
        },
        on ? events::offline : events::stop,
        events::stop);
  }
}
