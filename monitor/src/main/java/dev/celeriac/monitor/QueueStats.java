package dev.celeriac.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerUrl;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue depths, consumers and rates. From RabbitMQ's management API when it answers (every queue of
 * the virtual host, with rates), else from passive declares of the queues the monitor knows of (the
 * configured ones and those tasks were sent to), which give depth and consumers only.
 *
 * <p><b>Concurrency:</b> {@link #refresh} is called by one scheduler thread; {@link #latest} may be
 * read from any thread.
 */
final class QueueStats {

  private static final Logger log = LoggerFactory.getLogger(QueueStats.class);

  // After a failed management call, passive declares are used for this long before trying again.
  private static final Duration MANAGEMENT_RETRY = Duration.ofSeconds(60);

  private final BrokerConnection connection;
  private final URI management;
  private final String authorization;
  private final String virtualHost;
  private final Supplier<Set<String>> knownQueues;
  private final HttpClient http;

  private volatile List<QueueInfo> latest = List.of();
  private volatile String source = "none yet";
  private long managementRetryAt;

  QueueStats(BrokerConnection connection, URI management, Supplier<Set<String>> knownQueues) {
    this.connection = connection;
    BrokerUrl url = connection.settings().addresses().primary();
    this.management = management;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (url.username() + ":" + url.password()).getBytes(StandardCharsets.UTF_8));
    this.virtualHost = url.virtualHost();
    this.knownQueues = knownQueues;
    this.http =
        management == null
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** The management API address for a broker URL: its host, port 15672. */
  static URI defaultManagement(BrokerUrl url) {
    return URI.create((url.tls() ? "https://" : "http://") + url.host() + ":15672/");
  }

  List<QueueInfo> latest() {
    return latest;
  }

  /** "management API" or "passive declares": where the last figures came from. */
  String source() {
    return source;
  }

  void refresh() {
    if (management != null && System.currentTimeMillis() >= managementRetryAt) {
      try {
        latest = fromManagement();
        source = "management API";
        return;
      } catch (IOException | RuntimeException e) {
        managementRetryAt = System.currentTimeMillis() + MANAGEMENT_RETRY.toMillis();
        log.info(
            "RabbitMQ management API at {} did not answer ({}); using passive declares",
            management,
            e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    latest = fromPassiveDeclares();
    source = "passive declares";
  }

  private List<QueueInfo> fromManagement() throws IOException, InterruptedException {
    URI uri =
        management.resolve(
            "api/queues/"
                + URLEncoder.encode(virtualHost, StandardCharsets.UTF_8).replace("+", "%20")
                + "?columns=name,messages_ready,messages_unacknowledged,consumers,message_stats,arguments,auto_delete,exclusive");
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    JsonNode queues = CeleryJson.read(response.body());
    Map<String, Long> depth = new HashMap<>();
    for (JsonNode q : queues) {
      depth.put(q.path("name").asText(), q.path("messages_ready").asLong());
    }
    List<QueueInfo> list = new ArrayList<>();
    for (JsonNode q : queues) {
      String name = q.path("name").asText();
      if (internal(name) || name.endsWith(".dead-letter") || transientQueue(q)) {
        continue;
      }
      JsonNode stats = q.path("message_stats");
      list.add(
          new QueueInfo(
              name,
              q.path("messages_ready").asLong(),
              q.path("messages_unacknowledged").asLong(),
              q.path("consumers").asInt(),
              rate(stats, "publish_details"),
              rate(stats, "deliver_get_details"),
              rate(stats, "ack_details"),
              depth.get(Topology.deadLetterQueueName(name))));
    }
    return list;
  }

  private static Double rate(JsonNode stats, String field) {
    JsonNode rate = stats.path(field).path("rate");
    return rate.isNumber() ? rate.asDouble() : 0.0;
  }

  /**
   * Reply, event and remote-control queues: they expire or go with their connection, which task
   * queues do not.
   */
  private static boolean transientQueue(JsonNode q) {
    return q.path("auto_delete").asBoolean()
        || q.path("exclusive").asBoolean()
        || q.path("arguments").has("x-expires");
  }

  /** Queues of the machinery (events, remote control, replies) rather than of tasks. */
  static boolean internal(String name) {
    return name.startsWith("celeryev.")
        || name.startsWith("celeriac-monitor.")
        || name.startsWith("amq.")
        || name.contains(".pidbox")
        || name.startsWith("celeriac.revoked")
        || name.startsWith("celeriac.delay")
        || name.startsWith("celery_delayed_");
  }

  private List<QueueInfo> fromPassiveDeclares() {
    List<QueueInfo> list = new ArrayList<>();
    for (String name : new LinkedHashSet<>(knownQueues.get())) {
      long[] queue = declarePassive(name);
      if (queue == null) {
        continue;
      }
      long[] dead = declarePassive(Topology.deadLetterQueueName(name));
      list.add(
          new QueueInfo(
              name,
              queue[0],
              null,
              (int) queue[1],
              null,
              null,
              null,
              dead == null ? null : dead[0]));
    }
    return list;
  }

  /** {messages, consumers}, or null when the queue does not exist. */
  private long[] declarePassive(String name) {
    Channel channel = connection.createChannel();
    try {
      var ok = channel.queueDeclarePassive(name);
      return new long[] {ok.getMessageCount(), ok.getConsumerCount()};
    } catch (IOException e) {
      return null; // the broker closed the channel: no such queue
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
