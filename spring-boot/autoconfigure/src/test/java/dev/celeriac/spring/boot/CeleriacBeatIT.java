package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.celeriac.Periodic;
import dev.celeriac.Task;
import dev.celeriac.beat.BeatRole;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The embedded beat against a real broker: an application's {@code @Periodic} task is sent by its
 * beat and run by its own worker; a second instance of the application stands by.
 */
class CeleriacBeatIT {

  /** Fixed by the annotation: emptied before and deleted after the test. */
  static final String QUEUE = "it-spring-beat";

  static final AtomicInteger ticks = new AtomicInteger();

  static class TickTasks {
    @Task(name = "it.spring.beat.tick", queue = QUEUE)
    @Periodic(name = "tick-every-second", every = "1s")
    public void tick() {
      ticks.incrementAndGet();
    }
  }

  private final String group = "it.spring-beat-" + UUID.randomUUID().toString().substring(0, 8);

  private ApplicationContextRunner app() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CeleriacAutoConfiguration.class))
        .withBean(TickTasks.class)
        .withPropertyValues(
            "celeriac.broker-url=" + TestBroker.amqpUrl(),
            "celeriac.worker.queues=" + QUEUE,
            "celeriac.worker.heartbeat=false",
            "celeriac.beat.enabled=true",
            "celeriac.beat.group=" + group);
  }

  @BeforeEach
  @AfterEach
  void deleteQueues() throws Exception {
    try (BrokerConnection c =
        BrokerConnection.open(BrokerSettings.of(TestBroker.amqpUrl()), "it-cleanup")) {
      Channel ch = c.createChannel();
      for (String q : new String[] {QUEUE, group + ".state", group + ".status"}) {
        ch.queueDelete(q);
      }
    }
  }

  @Test
  void theBeatSendsThePeriodicTaskToTheAppsOwnWorkerAndASecondInstanceStandsBy() {
    ticks.set(0);
    app()
        .run(
            sender -> {
              assertThat(sender).hasNotFailed();
              CeleriacBeat beat = sender.getBean(CeleriacBeat.class);
              await().atMost(Duration.ofSeconds(10)).until(() -> beat.role() == BeatRole.SENDING);

              // Two ticks a second apart show the schedule, not a one-off send at start.
              await().atMost(Duration.ofSeconds(15)).until(() -> ticks.get() >= 2);

              Health health = sender.getBean(CeleriacHealthIndicator.class).health(true);
              assertThat(health.getDetails()).containsEntry("beat", "sender");

              app()
                  .withPropertyValues("celeriac.worker.enabled=false")
                  .run(
                      second -> {
                        CeleriacBeat other = second.getBean(CeleriacBeat.class);
                        assertThat(other.isRunning()).isTrue();
                        int before = ticks.get();
                        await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> ticks.get() >= before + 2);
                        assertThat(other.role()).isEqualTo(BeatRole.STANDBY);
                        assertThat(beat.role()).isEqualTo(BeatRole.SENDING);
                        assertThat(
                                second
                                    .getBean(CeleriacHealthIndicator.class)
                                    .health(true)
                                    .getDetails())
                            .containsEntry("beat", "standby");
                      });
            });
  }
}
