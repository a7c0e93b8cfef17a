package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.BrokerUrl;
import java.net.URI;
import org.junit.jupiter.api.Test;

class QueueStatsTest {

  @Test
  void leavesTheMachineryOutOfTheQueueList() {
    assertThat(QueueStats.internal("celery")).isFalse();
    assertThat(QueueStats.internal("emails.high")).isFalse();
    assertThat(QueueStats.internal("celeryev.5f0c")).isTrue();
    assertThat(QueueStats.internal("celery@host.celery.pidbox")).isTrue();
    assertThat(QueueStats.internal("celery_delayed_27")).isTrue();
    assertThat(QueueStats.internal("amq.gen-abc")).isTrue();
  }

  @Test
  void looksForTheManagementApiOnTheBrokersHost() {
    assertThat(QueueStats.defaultManagement(BrokerUrl.parse("amqp://u:p@rabbit.local:5672//")))
        .isEqualTo(URI.create("http://rabbit.local:15672/"));
    assertThat(QueueStats.defaultManagement(BrokerUrl.parse("amqps://u:p@rabbit.local:5671//")))
        .isEqualTo(URI.create("https://rabbit.local:15672/"));
  }
}
