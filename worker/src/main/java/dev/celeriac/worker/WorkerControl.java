package dev.celeriac.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.broker.BrokerUrl;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.control.ControlTarget;
import dev.celeriac.worker.execution.TokenBucket;
import dev.celeriac.worker.pipeline.InFlightTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker as remote control sees it, in Celery 5.2's reply shapes ({@code
 * celery/worker/control.py}, {@code celery/worker/request.py} {@code Request.info}).
 */
final class WorkerControl implements ControlTarget {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Worker worker;

  WorkerControl(Worker worker) {
    this.worker = worker;
  }

  @Override
  public void revoke(String taskId, boolean terminate) {
    worker.revokeRemotely(taskId, terminate);
  }

  @Override
  public void revokeLocally(String taskId) {
    worker.revokeLocally(taskId, false);
  }

  @Override
  public List<String> revoked() {
    return worker.pipeline().gates().revokedIds();
  }

  @Override
  public List<String> registered() {
    return worker.registry().names().stream().sorted().toList();
  }

  @Override
  public List<JsonNode> active() {
    List<JsonNode> list = new ArrayList<>();
    for (InFlightTask task : inFlight()) {
      if (task.running()) {
        list.add(request(task.message(), task.started(), true));
      }
    }
    return list;
  }

  @Override
  public List<JsonNode> reserved() {
    Instant now = Instant.now();
    List<JsonNode> list = new ArrayList<>();
    for (InFlightTask task : inFlight()) {
      if (!task.running() && task.due(now)) {
        list.add(request(task.message(), null, false));
      }
    }
    return list;
  }

  @Override
  public List<JsonNode> scheduled() {
    Instant now = Instant.now();
    List<JsonNode> list = new ArrayList<>();
    for (InFlightTask task : inFlight()) {
      if (task.running() || task.due(now)) {
        continue;
      }
      TaskMessage m = task.message();
      ObjectNode entry = JSON.objectNode();
      entry.put("eta", CeleryTime.format(m.headers().eta()));
      Integer priority = m.properties().priority();
      entry.put("priority", priority == null ? 0 : priority);
      entry.set("request", request(m, null, false));
      list.add(entry);
    }
    return list;
  }

  private List<InFlightTask> inFlight() {
    return worker.pipeline().inFlight().snapshot();
  }

  /** Celery's {@code Request.info()}. */
  private ObjectNode request(TaskMessage m, Instant started, boolean acknowledged) {
    ObjectNode r = JSON.objectNode();
    r.put("id", m.id());
    r.put("name", m.taskName());
    r.set("args", m.body().args());
    r.set("kwargs", m.body().kwargs());
    r.put("type", m.taskName());
    r.put("hostname", worker.settings().hostname());
    if (started == null) {
      r.putNull("time_start");
    } else {
      r.put("time_start", started.toEpochMilli() / 1000.0);
    }
    r.put("acknowledged", acknowledged);
    ObjectNode info = r.putObject("delivery_info");
    info.put("exchange", "");
    info.put("routing_key", "");
    Integer priority = m.properties().priority();
    info.put("priority", priority == null ? 0 : priority);
    info.put("redelivered", false);
    r.put("worker_pid", ProcessHandle.current().pid());
    return r;
  }

  @Override
  public ObjectNode stats() {
    WorkerSettings s = worker.settings();
    ObjectNode stats = JSON.objectNode();
    ObjectNode total = stats.putObject("total");
    worker.pipeline().inFlight().totals().forEach(total::put);
    stats.put("pid", ProcessHandle.current().pid());
    stats.put("uptime", java.time.Duration.between(worker.startedAt(), Instant.now()).toSeconds());
    ObjectNode pool = stats.putObject("pool");
    pool.put("max-concurrency", s.effectiveConcurrency());
    pool.putArray("processes").add(ProcessHandle.current().pid());
    pool.put("implementation", "celeriac:" + s.pool().name().toLowerCase(java.util.Locale.ROOT));
    pool.put("max-tasks-per-child", "N/A");
    // kombu's Connection.info(): the address in use now, and every failover URL as alternates
    // (kombu lists them only when there are several). Passwords are masked, not sent.
    BrokerUrl url = worker.connection().connectedUrl();
    List<BrokerUrl> urls = s.broker().addresses().urls();
    ObjectNode broker = stats.putObject("broker");
    broker.put("hostname", url.host());
    broker.put("userid", url.username());
    broker.put("virtual_host", url.virtualHost());
    broker.put("port", url.port());
    broker.put("insist", false);
    broker.put("ssl", url.tls());
    broker.put("transport", "amqp");
    broker.put("connect_timeout", s.broker().connectionTimeout().toMillis() / 1000.0);
    broker.putObject("transport_options");
    broker.put("login_method", "PLAIN");
    broker.putNull("uri_prefix");
    broker.put("heartbeat", (double) s.broker().heartbeat().toSeconds());
    broker.put("failover_strategy", "round-robin");
    var alternates = broker.putArray("alternates");
    if (urls.size() > 1) {
      urls.forEach(u -> alternates.add(u.masked()));
    }
    stats.put("prefetch_count", s.prefetch());
    ProcessUsage.current()
        .ifPresentOrElse(
            usage -> usage.writeTo(stats.putObject("rusage")), () -> stats.put("rusage", "N/A"));
    ObjectNode limits = stats.putObject("rate_limits");
    worker.pipeline().gates().rateLimits().forEach(limits::put);
    stats.put("sw_ident", "celeriac");
    stats.put("sw_ver", Worker.version());
    stats.put("broker_server", worker.brokerDescription());
    return stats;
  }

  @Override
  public List<JsonNode> activeQueues() {
    List<JsonNode> list = new ArrayList<>();
    for (String queue : worker.queues()) {
      ObjectNode q = JSON.objectNode();
      q.put("name", queue);
      ObjectNode exchange = q.putObject("exchange");
      exchange.put("name", queue);
      exchange.put("type", "direct");
      exchange.putNull("arguments");
      exchange.put("durable", true);
      exchange.put("passive", false);
      exchange.put("auto_delete", false);
      exchange.putNull("delivery_mode");
      exchange.put("no_declare", false);
      q.put("routing_key", queue);
      q.putNull("queue_arguments");
      q.putNull("binding_arguments");
      q.putNull("consumer_arguments");
      q.put("durable", true);
      q.put("exclusive", false);
      q.put("auto_delete", false);
      q.put("no_ack", false);
      q.putNull("alias");
      q.putArray("bindings");
      q.putNull("no_declare");
      q.putNull("expires");
      q.putNull("message_ttl");
      q.putNull("max_length");
      q.putNull("max_length_bytes");
      q.putNull("max_priority");
      list.add(q);
    }
    return list;
  }

  @Override
  public String rateLimit(String taskName, String rate) {
    if (worker.registry().find(taskName).isEmpty()) {
      throw new IllegalArgumentException("unknown task");
    }
    double perSecond;
    try {
      perSecond = TokenBucket.parseRate(rate);
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException("Invalid rate limit string: " + e.getMessage());
    }
    worker.pipeline().gates().rateLimit(taskName, perSecond);
    return perSecond <= 0 ? "rate limits disabled successfully" : "new rate limit set successfully";
  }

  @Override
  public String addConsumer(String queue) {
    return worker.consume(queue) ? "add consumer " + queue : "already consuming from " + queue;
  }

  @Override
  public String cancelConsumer(String queue) {
    worker.stopConsuming(queue);
    return "no longer consuming from " + queue;
  }

  @Override
  public void shutdown() {
    // Not on the mailbox's thread: shutting down closes the connection that thread belongs to.
    Thread.ofPlatform().name("celeriac-remote-shutdown").daemon(false).start(worker::shutdown);
  }
}
