package dev.celeriac.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.TestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample over HTTP, against RabbitMQ ({@link TestBroker}: Testcontainers, or the broker in
 * {@code CELERIAC_TEST_BROKER_URL}) and Redis ({@link TestRedis}, database {@value #REDIS_DB}):
 * {@code POST /orders} sends the task, the application's own worker runs it on the bean with its
 * injected price list, and {@code GET /orders/{id}} reads the result back from Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApplicationIT {

  /** This suite's Redis database; other suites use others. */
  static final int REDIS_DB = 14;

  /** A queue of this run's own, so a broker shared with other runs keeps their tasks apart. */
  static final String QUEUE = "orders-it-" + UUID.randomUUID();

  private static final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @BeforeAll
  static void services() {
    TestRedis.require(REDIS_DB);
  }

  @DynamicPropertySource
  static void celeriac(DynamicPropertyRegistry properties) {
    properties.add("celeriac.broker-url", TestBroker::amqpUrl);
    properties.add("celeriac.result-backend", () -> TestRedis.url(REDIS_DB));
    properties.add("celeriac.default-queue", () -> QUEUE);
    properties.add("celeriac.worker.queues", () -> QUEUE);
    properties.add("celeriac.worker.heartbeat", () -> "false");
  }

  @Test
  void postedOrderRunsOnTheBeanWithItsInjectedServiceAndItsResultComesBackById() throws Exception {
    HttpResponse<String> created = post("/orders", "{\"sku\":\"apple\",\"quantity\":3}");
    assertThat(created.statusCode()).isEqualTo(202);
    String id = json.readTree(created.body()).path("id").asText();
    assertThat(id).hasSize(36);

    JsonNode order = awaitFinal(id);

    assertThat(order.path("state").asText()).isEqualTo("SUCCESS");
    JsonNode result = order.path("result");
    assertThat(result.path("sku").asText()).isEqualTo("apple");
    assertThat(result.path("quantity").asInt()).isEqualTo(3);
    assertThat(result.path("total").decimalValue()).isEqualByComparingTo("1.50");
    // Only the bean the context made has its PriceList: proof the task ran on it.
    assertThat(result.path("processedBy").asText()).isEqualTo("OrderTasks with PriceList");
  }

  @Test
  void orderTheTaskRejectsComesBackAsFailureWithTheReason() throws Exception {
    String id =
        json.readTree(post("/orders", "{\"sku\":\"durian\",\"quantity\":1}").body())
            .path("id")
            .asText();

    JsonNode order = awaitFinal(id);

    assertThat(order.path("state").asText()).isEqualTo("FAILURE");
    assertThat(order.path("error").asText()).contains("no price for 'durian'");
  }

  @Test
  void unknownIdIsPending() throws Exception {
    JsonNode order = json.readTree(get("/orders/" + UUID.randomUUID()).body());

    assertThat(order.path("state").asText()).isEqualTo("PENDING");
  }

  @Test
  void healthShowsBrokerWorkerAndResultBackendUp() throws Exception {
    HttpResponse<String> response = get("/actuator/health");

    JsonNode celeriac = json.readTree(response.body()).path("components").path("celeriac");
    assertThat(celeriac.path("status").asText()).isEqualTo("UP");
    assertThat(celeriac.path("details").path("queues").get(0).asText()).isEqualTo(QUEUE);
    assertThat(celeriac.path("details").path("resultBackend").asText()).startsWith("redis://");
  }

  @Test
  void workerMetricsAreInTheApplicationsRegistry() throws Exception {
    awaitFinal(
        json.readTree(post("/orders", "{\"sku\":\"pear\",\"quantity\":2}").body())
            .path("id")
            .asText());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> metric =
                  get(
                      "/actuator/metrics/celeriac.tasks?tag=task:orders.process&tag=state:succeeded");
              assertThat(metric.statusCode()).isEqualTo(200);
              JsonNode count = json.readTree(metric.body()).path("measurements").get(0);
              assertThat(count.path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
            });
  }

  private JsonNode awaitFinal(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] = json.readTree(get("/orders/" + id).body());
              String state = last[0].path("state").asText();
              return state.equals("SUCCESS") || state.equals("FAILURE");
            });
    return last[0];
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
