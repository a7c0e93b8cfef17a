package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.client.Celeriac;
import dev.celeriac.protocol.CeleryJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client and worker agree on quorum queues; per-consumer prefetch works on them. */
class QuorumQueueIT {

  // The delay topology is shared broker-wide and other tests declared it classic.
  private final BrokerSettings broker =
      BrokerSettings.builder()
          .url(TestBroker.amqpUrl())
          .queueType(QueueType.QUORUM)
          .brokerDelays(false)
          .build();

  private QueueFixture fixture;
  private String queue;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-quorum", broker).withWorker(w -> w.concurrency(2));
    queue = fixture.queue;
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private String type(String name) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + TestBroker.host()
                        + ":"
                        + TestBroker.managementPort()
                        + "/api/queues/%2F/"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
            .build();
    return CeleryJson.read(
            HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofByteArray())
                .body())
        .path("type")
        .asText();
  }

  @Test
  void tasksRunOnQuorumQueues() throws Exception {
    assertThat(app.task(TestTasks::add).delay(20, 22).get(Duration.ofSeconds(20))).isEqualTo(42);
    assertThat(type(queue)).isEqualTo("quorum");
    assertThat(type(queue + ".dead-letter")).isEqualTo("quorum");
  }
}
