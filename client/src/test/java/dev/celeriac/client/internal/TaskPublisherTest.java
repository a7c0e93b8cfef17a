package dev.celeriac.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.broker.PublishException;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TaskPublisherTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final List<String> sentEvents = new ArrayList<>();

  private TaskPublisher publisher(FakeBrokerPort port) {
    return new TaskPublisher(
        port, (message, queue) -> sentEvents.add(message.id() + "@" + queue), CLOCK);
  }

  private static TaskMessage message(String id, Instant eta) {
    return new TaskMessage(
        TaskHeaders.builder(id, "tasks.add")
            .rootId(id)
            .eta(eta == null ? null : OffsetDateTime.ofInstant(eta, ZoneOffset.UTC))
            .build(),
        new TaskBody(CeleryJson.mapper().createArrayNode().add(1), null, null),
        new TaskProperties(id, "replies", 0, 2, null, null, null));
  }

  @Test
  void messageWithoutEtaGoesStraightToItsQueueOnTheDefaultExchange() {
    FakeBrokerPort port = new FakeBrokerPort(true, false);
    publisher(port).send(message("a", null), "q");
    FakeBrokerPort.Published p = port.published().getFirst();
    assertThat(p.exchange()).isEmpty();
    assertThat(p.routingKey()).isEqualTo("q");
    assertThat(p.properties().getCorrelationId()).isEqualTo("a");
    assertThat(p.task()).isEqualTo("tasks.add");
  }

  @Test
  void etaMessageIsHeldByTheBrokersDelayLevelsWhenItHasThem() {
    FakeBrokerPort port = new FakeBrokerPort(true, false);
    publisher(port).send(message("a", NOW.plusSeconds(9).plusMillis(990)), "q");
    FakeBrokerPort.Published p = port.published().getFirst();
    assertThat(p.exchange()).isEqualTo(DelayedDelivery.entryExchange());
    // 9 whole seconds: binary 1001, then the target queue
    assertThat(p.routingKey()).isEqualTo("0.".repeat(24) + "1.0.0.1.q");
  }

  @Test
  void etaMessageGoesStraightToItsQueueWhenTheBrokerCannotHoldDelays() {
    FakeBrokerPort port = new FakeBrokerPort(false, false);
    publisher(port).send(message("a", NOW.plusSeconds(60)), "q");
    assertThat(port.published().getFirst().exchange()).isEmpty();
    assertThat(port.published().getFirst().routingKey()).isEqualTo("q");
    assertThat(port.declarations()).containsExactly("queue q");
  }

  @Test
  void etaUnderOneSecondGoesStraightToItsQueue() {
    FakeBrokerPort port = new FakeBrokerPort(true, false);
    publisher(port).send(message("a", NOW.plusMillis(900)), "q");
    assertThat(port.published().getFirst().routingKey()).isEqualTo("q");
  }

  @Test
  void declaresEachQueueOnceAndTheDelayTopologyOnceBeforeBindingQueuesToIt() {
    FakeBrokerPort port = new FakeBrokerPort(true, false);
    TaskPublisher publisher = publisher(port);
    publisher.send(message("a", null), "q1");
    publisher.send(message("b", null), "q1");
    publisher.send(message("c", null), "q2");
    assertThat(port.declarations())
        .containsExactly("queue q1", "delayed", "bind q1", "queue q2", "bind q2");
  }

  @Test
  void reportsTaskSentWithTheQueue() {
    FakeBrokerPort port = new FakeBrokerPort(false, false);
    publisher(port).send(message("a", null), "q");
    assertThat(sentEvents).containsExactly("a@q");
  }

  @Test
  void sendAsyncReturnsBeforeTheConfirmAndSendWaitsForIt() {
    FakeBrokerPort port = new FakeBrokerPort(false, false).holdConfirms();
    CompletableFuture<Void> confirm = publisher(port).sendAsync(message("a", null), "q");
    assertThat(confirm).isNotDone();
    port.confirmAll();
    assertThat(confirm).isCompleted();
  }

  @Test
  void sendRaisesWhenTheBrokerRefusesTheMessage() {
    FakeBrokerPort port = new FakeBrokerPort(false, false).refuseConfirms();
    assertThatThrownBy(() -> publisher(port).send(message("a", null), "q"))
        .isInstanceOf(PublishException.class);
  }
}
