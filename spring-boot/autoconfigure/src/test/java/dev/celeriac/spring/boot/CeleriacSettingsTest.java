package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.BrokerUnavailableException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.worker.PoolType;
import dev.celeriac.worker.WorkerSettings;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CeleriacSettingsTest {

  @Test
  void workerSettingsComeFromTheProperties() {
    CeleriacProperties properties = new CeleriacProperties();
    properties.setResultBackend("redis://cache:6379/2");
    properties.getWorker().setQueues(List.of("orders"));
    properties.getWorker().setConcurrency(3);
    properties.getWorker().setPrefetchMultiplier(1);
    properties.getWorker().setPool("threads");
    properties.getWorker().setHostname("orders@pod-1");

    WorkerSettings worker =
        CeleriacSettings.worker(
            properties, CeleriacSettings.broker(properties), Duration.ofSeconds(30));

    assertThat(worker.queues()).containsExactly("orders");
    assertThat(worker.concurrency()).isEqualTo(3);
    assertThat(worker.prefetch()).isEqualTo(3);
    assertThat(worker.pool()).isEqualTo(PoolType.THREADS);
    assertThat(worker.hostname()).isEqualTo("orders@pod-1");
    assertThat(worker.resultBackend()).isEqualTo("redis://cache:6379/2");
    assertThat(worker.shutdownTimeout()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void shutdownTimeoutDefaultsToTheShutdownPhaseLessTheCloseMargin() {
    assertThat(CeleriacSettings.shutdownTimeout(null, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(55));
    assertThat(CeleriacSettings.shutdownTimeout(null, Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shutdownTimeoutThatBootWouldNotWaitForFailsNamingBothProperties() {
    assertThatThrownBy(
            () -> CeleriacSettings.shutdownTimeout(Duration.ofSeconds(30), Duration.ofSeconds(30)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("celeriac.worker.shutdown-timeout is PT30S")
        .hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase")
        .hasMessageContaining("at most PT25S");
    assertThat(CeleriacSettings.shutdownTimeout(Duration.ofSeconds(25), Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void badQueueTypeFailsWithTheRule() {
    CeleriacProperties properties = new CeleriacProperties();
    properties.setQueueType("lazy");

    assertThatThrownBy(() -> CeleriacSettings.broker(properties))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("queue type must be classic or quorum; got 'lazy'");
  }

  @Test
  void unreachableBrokerNamesTheMaskedUrlAndTheProperty() {
    BrokerSettings broker =
        BrokerSettings.builder().url("amqp://app:secret@rabbit:5672//").connectAttempts(2).build();

    BrokerUnavailableException e =
        CeleriacSettings.unreachable(
            broker,
            new BrokerUnavailableException(
                "Cannot connect", new ConnectException("Connection refused")));

    assertThat(e.getMessage())
        .contains("amqp://app:**@rabbit:5672//")
        .contains("property celeriac.broker-url")
        .contains("CELERIAC_BROKER_URL")
        .contains("after 2 attempt(s): Connection refused")
        .doesNotContain("secret");
  }
}
