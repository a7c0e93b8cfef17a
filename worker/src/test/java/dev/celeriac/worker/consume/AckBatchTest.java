package dev.celeriac.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;

class AckBatchTest {

  private static ConcurrentSkipListSet<Long> open(long... tags) {
    ConcurrentSkipListSet<Long> open = new ConcurrentSkipListSet<>();
    for (long tag : tags) {
      open.add(tag);
    }
    return open;
  }

  @Test
  void acknowledgesARunFromTheOldestOpenDeliveryWithOneMultipleAck() {
    var open = open(1, 2, 3, 4, 5);

    AckBatch batch = AckBatch.of(open, List.of(3L, 1L, 2L));

    assertThat(batch.multipleUpTo()).isEqualTo(3);
    assertThat(batch.single()).isEmpty();
    assertThat(batch.frames()).isEqualTo(1);
    assertThat(open).containsExactly(4L, 5L);
  }

  @Test
  void neverCoversADeliveryThatIsStillRunning() {
    var open = open(1, 2, 3, 4);

    AckBatch batch = AckBatch.of(open, List.of(1L, 2L, 4L));

    assertThat(batch.multipleUpTo()).isEqualTo(2);
    assertThat(batch.single()).containsExactly(4L);
    assertThat(open).containsExactly(3L); // 3 runs on: a multiple ack up to 4 would drop it
  }

  @Test
  void acknowledgesOneByOneWhileTheOldestDeliveryRuns() {
    var open = open(7, 8, 9);

    AckBatch batch = AckBatch.of(open, List.of(9L, 8L));

    assertThat(batch.multipleUpTo()).isZero();
    assertThat(batch.single()).containsExactly(8L, 9L);
    assertThat(batch.frames()).isEqualTo(2);
    assertThat(open).containsExactly(7L);
  }

  @Test
  void coversTagsSettledEarlierByRequeueOrSingleAck() {
    var open = open(1, 2, 3, 4);
    AckBatch.of(open, List.of(2L)); // acked alone while 1 ran
    open.remove(3L); // requeued

    AckBatch batch = AckBatch.of(open, List.of(1L, 4L));

    assertThat(batch.multipleUpTo()).isEqualTo(4);
    assertThat(batch.single()).isEmpty();
    assertThat(open).isEmpty();
  }

  @Test
  void anEmptyBatchSendsNothing() {
    AckBatch batch = AckBatch.of(open(1), List.of());

    assertThat(batch.frames()).isZero();
  }
}
