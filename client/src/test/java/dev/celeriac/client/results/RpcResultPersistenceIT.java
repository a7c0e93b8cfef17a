package dev.celeriac.client.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@code rpc://} results go on the wire, read back raw from a real RabbitMQ queue. */
class RpcResultPersistenceIT {

  @ParameterizedTest(name = "result_persistent={0}")
  @ValueSource(booleans = {false, true})
  void resultsArePersistentMessagesOnlyWithResultPersistent(boolean persistent) throws Exception {
    try (Celeriac app = Celeriac.builder().url(TestBroker.amqpUrl()).build()) {
      BrokerConnection connection = WorkerClient.of(app).connection();
      Channel channel = connection.createChannel();
      String queue = "it-rpc-persistent-" + UUID.randomUUID();
      channel.queueDeclare(queue, false, false, true, null);
      String id = UUID.randomUUID().toString();
      try (RpcResultBackend backend = RpcResultBackend.on(connection, persistent)) {
        backend
            .store(
                new ResultTarget(id, queue, id, null),
                new ResultMessage(
                    id,
                    TaskState.SUCCESS,
                    IntNode.valueOf(5),
                    null,
                    JsonNodeFactory.instance.arrayNode()))
            .get(10, TimeUnit.SECONDS);
      }

      GetResponse result = channel.basicGet(queue, true);
      assertThat(result).as("the result on " + queue).isNotNull();
      assertThat(result.getProps().getDeliveryMode()).isEqualTo(persistent ? 2 : 1);
      assertThat(result.getProps().getCorrelationId()).isEqualTo(id);
      channel.queueDelete(queue);
    }
  }
}
