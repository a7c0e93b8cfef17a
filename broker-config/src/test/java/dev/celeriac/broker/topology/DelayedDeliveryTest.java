package dev.celeriac.broker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayedDeliveryTest {

  @Test
  void routingKeyIsTheDelaysBinaryDigitsThenTheQueueAsKombuWritesIt() {
    // kombu: '.'.join(f'{5:028b}') + '.celery'
    assertThat(DelayedDelivery.routingKey(5, "celery")).isEqualTo("0.".repeat(25) + "1.0.1.celery");
    assertThat(DelayedDelivery.routingKey(DelayedDelivery.MAX_DELAY_SECONDS, "q"))
        .isEqualTo("1.".repeat(28) + "q");
  }

  @Test
  void rejectsDelaysTheTopologyCannotHold() {
    assertThatThrownBy(() -> DelayedDelivery.routingKey(0, "q"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> DelayedDelivery.routingKey(1L << 28, "q"))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void brokerHoldsWholeSecondsOnly() {
    assertThat(DelayedDelivery.brokerSeconds(Duration.ofMillis(999))).isZero();
    assertThat(DelayedDelivery.brokerSeconds(Duration.ofMillis(2500))).isEqualTo(2);
    assertThat(DelayedDelivery.brokerSeconds(Duration.ofDays(365 * 20)))
        .isEqualTo(DelayedDelivery.MAX_DELAY_SECONDS);
  }

  @Test
  void levelsAreNamedAsInKombu() {
    assertThat(DelayedDelivery.entryExchange()).isEqualTo("celery_delayed_27");
    assertThat(DelayedDelivery.levelName(0)).isEqualTo("celery_delayed_0");
  }
}
