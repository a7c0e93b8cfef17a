package dev.celeriac.cli.process;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.protocol.CeleryJson;
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
import java.util.List;
import java.util.Map;

/**
 * Figures read from the test broker for drills on a broker container of their own. Counts of the
 * moment come from {@code rabbitmqctl}: the management API's statistics are refreshed only every 5
 * s. Cumulative counters, which only grow, come from the management API after the fact.
 *
 * <p><b>Concurrency:</b> stateless; each call runs one command or HTTP request.
 */
final class BrokerFigures {

  private BrokerFigures() {}

  /** A queue's messages ready and unacknowledged, and its consumers. */
  record QueueFigures(long ready, long unacknowledged, int consumers) {}

  /**
   * The figures of one queue.
   *
   * @throws AssertionError when the broker has no such queue
   */
  static QueueFigures queue(String name) {
    for (Map<String, String> row :
        rows("list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers")) {
      if (row.get("name").equals(name)) {
        return new QueueFigures(
            Long.parseLong(row.get("messages_ready")),
            Long.parseLong(row.get("messages_unacknowledged")),
            Integer.parseInt(row.get("consumers")));
      }
    }
    throw new AssertionError("the broker has no queue " + name);
  }

  /**
   * How many deliveries from {@code queue} carried the redelivered flag since it was declared:
   * messages a consumer held unacknowledged when its channel or connection died, delivered again. A
   * cumulative counter from the management API, whose statistics lag by up to 5 s: read it after
   * the fact, and wait for it to catch up.
   */
  static long redeliveredFrom(String queue) throws Exception {
    URI uri =
        URI.create(
            "http://%s:%d/api/queues/%%2F/%s"
                .formatted(
                    TestBroker.host(),
                    TestBroker.managementPort(),
                    URLEncoder.encode(queue, StandardCharsets.UTF_8)));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + uri + " answered " + response.statusCode());
      }
      return CeleryJson.read(response.body()).path("message_stats").path("redeliver").asLong(0);
    }
  }

  /**
   * The rows of a {@code rabbitmqctl list_*} command by column name: it prints some columns in its
   * own order, whatever order they were asked in, so the header line says which is which.
   */
  private static List<Map<String, String>> rows(String command, String... columns) {
    String[] args = new String[columns.length + 2];
    args[0] = "-q";
    args[1] = command;
    System.arraycopy(columns, 0, args, 2, columns.length);
    List<String[]> lines =
        TestBroker.rabbitmqctl(args)
            .lines()
            .filter(line -> !line.isBlank())
            .map(line -> line.split("\t"))
            .toList();
    if (lines.isEmpty()) {
      return List.of(); // nothing to list: not even a header line
    }
    String[] header = lines.getFirst();
    List<Map<String, String>> rows = new ArrayList<>();
    for (String[] values : lines.subList(1, lines.size())) {
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length && i < values.length; i++) {
        row.put(header[i], values[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}
