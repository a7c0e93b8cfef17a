package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.RabbitMQContainer;

/**
 * Several workers started at the same moment on a broker that has never run one, as {@code docker
 * compose up} with a new broker and several workers does: the first worker to declare the revoke
 * stream creates it, and on RabbitMQ 3.10 the others' consumers of the still-starting stream made
 * the broker close their connection. Each worker must start all the same.
 */
class WorkersStartTogetherIT {

  private static final int WORKERS = 6;

  @Test
  void workersStartingTogetherOnANewBrokerAllStart() throws Exception {
    try (RabbitMQContainer broker = TestBroker.newContainer()) {
      broker.start();
      BrokerSettings settings =
          BrokerSettings.of(
              "amqp://guest:guest@%s:%d/%%2F".formatted(broker.getHost(), broker.getAmqpPort()));
      try (QueueFixture fixture = QueueFixture.create("it-start-together", settings);
          ExecutorService starters = Executors.newFixedThreadPool(WORKERS)) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Worker>> starts = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
          String hostname = "together-" + i + "@it";
          starts.add(
              starters.submit(
                  () -> {
                    go.await();
                    return Worker.start(
                        WorkerSettings.builder()
                            .broker(settings)
                            .queues(List.of(fixture.queue))
                            .hostname(hostname)
                            .concurrency(2)
                            .build(),
                        TaskRegistry.builder().add(TestTasks.class).build());
                  }));
        }
        go.countDown();
        List<Worker> workers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
          for (Future<Worker> start : starts) {
            try {
              workers.add(start.get());
            } catch (ExecutionException e) {
              failures.add(e.getCause().toString());
            }
          }
          assertThat(failures).as("workers that failed to start").isEmpty();
          assertThat(fixture.consumers(fixture.queue))
              .as("consumers of the queue")
              .isEqualTo(WORKERS);
          assertThat(
                  fixture.app.task("it.add", Integer.class).delay(2, 3).get(Duration.ofSeconds(30)))
              .isEqualTo(5);
        } finally {
          workers.forEach(Worker::shutdownNow);
        }
      }
    }
  }
}
