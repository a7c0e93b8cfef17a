package dev.celeriac.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckCoalescerTest {

  private final AckCoalescer coalescer = new AckCoalescer();

  private AckCoalescer.Plan ack(long lastDelivered, long... tags) {
    return coalescer.acknowledge(tags, tags.length, lastDelivered);
  }

  @Test
  void aContiguousRunFromTheFirstDeliveryGoesAsOneMultipleAck() {
    AckCoalescer.Plan plan = ack(5, 3, 1, 2);

    assertThat(plan.multipleUpTo()).isEqualTo(3);
    assertThat(plan.single()).isEmpty(); // one frame
    assertThat(coalescer.unsettled()).isEqualTo(2); // 4 and 5 still run
  }

  @Test
  void tagsAboveOneStillRunningGoOneByOneAndAreNotHeldBack() {
    AckCoalescer.Plan plan = ack(6, 1, 2, 4, 6);

    assertThat(plan.multipleUpTo()).isEqualTo(2);
    assertThat(plan.single()).containsExactly(4, 6); // 3 and 5 still run
    assertThat(coalescer.unsettled()).isEqualTo(2);
  }

  @Test
  void aMultipleAckCoversTagsSettledInEarlierBatches() {
    assertThat(ack(4, 2, 3).single()).containsExactly(2, 3); // 1 still runs

    // 1 to 3 are settled, 4 runs: only 1 is below it, so a plain ack; 5 alone.
    AckCoalescer.Plan plan = ack(6, 1, 5);
    assertThat(plan.multipleUpTo()).isEqualTo(AckCoalescer.Plan.NONE);
    assertThat(plan.single()).containsExactlyInAnyOrder(1, 5);

    assertThat(ack(6, 4, 6).multipleUpTo()).isEqualTo(6);
    assertThat(coalescer.unsettled()).isZero();
  }

  @Test
  void aRequeuedDeliveryNoLongerHoldsTheRunBack() {
    assertThat(ack(3, 2).single()).containsExactly(2); // 1 runs
    coalescer.settledElsewhere(1, 3); // requeued: the broker no longer holds it for us

    AckCoalescer.Plan plan = ack(4, 3, 4);

    assertThat(plan.multipleUpTo()).isEqualTo(4);
    assertThat(plan.single()).isEmpty();
  }

  @Test
  void aLongRunningDeliveryIsTheOnlyThingKeptWhateverPassesIt() {
    for (long tag = 2; tag <= 100_000; tag++) {
      assertThat(ack(tag, tag).single()).containsExactly(tag); // 1 never settles
    }
    assertThat(coalescer.unsettled()).isEqualTo(1);
  }
}
