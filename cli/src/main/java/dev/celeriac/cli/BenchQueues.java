package dev.celeriac.cli;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import java.io.IOException;

/** The queues benchmarks make up for themselves, and their removal afterwards. */
public final class BenchQueues {

  private BenchQueues() {}

  /** Deletes a benchmark's queue, its dead-letter queue and its exchange, best effort. */
  public static void delete(Celeriac app, String queue) {
    Channel channel = WorkerClient.of(app).connection().createChannel();
    try {
      channel.queueDelete(queue);
      channel.queueDelete(Topology.deadLetterQueueName(queue));
      channel.exchangeDelete(queue);
    } catch (IOException e) {
      // an unused queue left behind is harmless
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
