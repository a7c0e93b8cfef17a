package dev.celeriac.worker.pipeline;

import static dev.celeriac.worker.pipeline.DeliveryState.ABANDONED;
import static dev.celeriac.worker.pipeline.DeliveryState.ACKED_EARLY;
import static dev.celeriac.worker.pipeline.DeliveryState.LENT;
import static dev.celeriac.worker.pipeline.DeliveryState.RECEIVED;
import static dev.celeriac.worker.pipeline.DeliveryState.RUNNING;
import static dev.celeriac.worker.pipeline.DeliveryState.SETTLED;
import static dev.celeriac.worker.pipeline.DeliveryState.SETTLING;
import static dev.celeriac.worker.pipeline.DeliveryState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The table of allowed moves between delivery states, and how a tracked delivery keeps it. */
class DeliveryStateTest {

  private final InFlightRegistry registry = new InFlightRegistry();

  private TrackedDelivery received() {
    var inbound =
        new InboundMessage(
            "q", new Envelope(1, false, "", "q"), new AMQP.BasicProperties(), new byte[0], null);
    return registry.receive(inbound);
  }

  @Test
  void allowsTheMovesOfADeliveryThatRunsAndSettles() {
    assertThat(RECEIVED.next()).containsExactlyInAnyOrder(WAITING, SETTLING);
    assertThat(WAITING.next()).containsExactlyInAnyOrder(RUNNING, SETTLING);
    assertThat(RUNNING.next()).containsExactlyInAnyOrder(ACKED_EARLY, LENT, ABANDONED, SETTLING);
    assertThat(ACKED_EARLY.next()).containsExactlyInAnyOrder(LENT, ABANDONED, SETTLING);
    assertThat(LENT.next()).containsExactlyInAnyOrder(ACKED_EARLY, ABANDONED, SETTLING);
    assertThat(ABANDONED.next()).containsExactly(SETTLING);
    assertThat(SETTLING.next()).containsExactly(SETTLED);
    assertThat(SETTLED.next()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DeliveryState.class)
  void noStateMovesToItselfOrBackToReceived(DeliveryState state) {
    assertThat(state.canMoveTo(state)).isFalse();
    assertThat(state.canMoveTo(RECEIVED)).isFalse();
  }

  @Test
  void refusesToRunWhatIsNotWaitingOrToSettleTwice() {
    assertThat(RECEIVED.canMoveTo(RUNNING)).as("not decoded yet").isFalse();
    assertThat(SETTLING.canMoveTo(RUNNING)).isFalse();
    assertThat(ABANDONED.canMoveTo(ACKED_EARLY)).as("an abandoned body takes no slot").isFalse();
    assertThat(WAITING.canMoveTo(ACKED_EARLY)).as("acked early only once running").isFalse();
    assertThat(SETTLED.canMoveTo(SETTLING)).isFalse();
  }

  @Test
  void anIllegalMoveThrowsNamingTheDeliveryAndBothStates() {
    TrackedDelivery delivery = received();

    assertThatThrownBy(() -> delivery.move(RUNNING))
        .isInstanceOfSatisfying(
            IllegalDeliveryStateChangeException.class,
            e -> {
              assertThat(e.from()).isEqualTo(RECEIVED);
              assertThat(e.to()).isEqualTo(RUNNING);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "delivery 1 of queue q cannot move from RECEIVED to RUNNING; from RECEIVED"
                          + " it may move to [WAITING, SETTLING]");
            });
    assertThat(delivery.state()).isEqualTo(RECEIVED);
  }

  @Test
  void settlingTwiceIsRefused() {
    TrackedDelivery delivery = received();
    delivery.move(SETTLING);
    delivery.move(SETTLED);

    assertThatThrownBy(() -> delivery.move(SETTLING))
        .isInstanceOf(IllegalDeliveryStateChangeException.class)
        .hasMessageContaining("from SETTLED to SETTLING")
        .hasMessageEndingWith("it may move to nothing");
  }

  @Test
  void ofTwoRacingMovesOnlyTheFirstFindsTheStateItExpects() {
    TrackedDelivery delivery = received();
    delivery.move(WAITING);
    delivery.start(Thread.currentThread());
    Set<DeliveryState> running = DeliveryState.RUNNING_STATES;

    assertThat(delivery.moveFrom(running, ABANDONED)).isEqualTo(RUNNING); // the hard limit wins
    assertThat(delivery.moveFrom(running, SETTLING)).isNull(); // the body's end loses
    assertThat(delivery.state()).isEqualTo(ABANDONED);
  }

  @Test
  void aDeliveryIsAcknowledgedOnceItWentThroughAckedEarlyOrLent() {
    TrackedDelivery early = received();
    early.move(WAITING);
    early.start(Thread.currentThread());
    assertThat(early.acknowledged()).isFalse();
    early.move(ACKED_EARLY);
    early.move(ABANDONED);
    assertThat(early.acknowledged()).isTrue();

    TrackedDelivery lent = received();
    lent.move(WAITING);
    lent.start(Thread.currentThread());
    assertThat(lent.moveFrom(EnumSet.of(RUNNING), LENT)).isEqualTo(RUNNING);
    lent.move(SETTLING);
    assertThat(lent.acknowledged()).isTrue();
  }

  @Test
  void theRegistryForgetsADeliveryOnceSettledAndCountsRunningOnes() {
    TrackedDelivery delivery = received();
    delivery.move(WAITING);
    delivery.start(Thread.currentThread());
    assertThat(registry.size()).isEqualTo(1);
    assertThat(registry.running()).isEqualTo(1);

    delivery.move(SETTLING);
    assertThat(registry.running()).isZero();
    delivery.move(SETTLED);
    assertThat(registry.size()).isZero();
  }
}
