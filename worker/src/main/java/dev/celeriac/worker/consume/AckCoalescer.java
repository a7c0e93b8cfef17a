package dev.celeriac.worker.consume;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Decides how a batch of acknowledgements goes on the wire: the tags below every still-unsettled
 * delivery of the channel as one {@code basic.ack} with {@code multiple}, the others one by one.
 *
 * <p>A multiple acknowledgement of tag {@code n} settles every delivery up to {@code n} that the
 * broker still holds unacknowledged, so it may only be sent when none of them is still running
 * here. The channel has one consumer, so its delivery tags are 1, 2, 3, …; this class keeps the
 * delivered tags not yet settled (at most the prefetch, plus what the worker holds for a later
 * time) and nothing about settled ones, so a task that runs for hours costs nothing but itself.
 * Acknowledgements are never held back waiting for a run to become contiguous.
 *
 * <p>Confined to the channel's thread.
 */
final class AckCoalescer {

  /** What to send for one batch. */
  record Plan(long multipleUpTo, long[] single) {

    static final long NONE = 0;
  }

  private final TreeSet<Long> unsettled = new TreeSet<>();
  private long absorbed;

  /**
   * Plans acknowledgements for {@code tags[0..count)}, given the highest tag delivered so far
   * (every tag acknowledged has been delivered, so it is at most that).
   */
  Plan acknowledge(long[] tags, int count, long lastDelivered) {
    absorb(lastDelivered);
    for (int i = 0; i < count; i++) {
      unsettled.remove(tags[i]);
    }
    long lowest = unsettled.isEmpty() ? absorbed + 1 : unsettled.first();
    long upTo = Plan.NONE;
    int below = 0;
    long[] single = new long[count];
    int singles = 0;
    for (int i = 0; i < count; i++) {
      long tag = tags[i];
      if (tag < lowest) {
        upTo = Math.max(upTo, tag);
        below++;
      } else {
        single[singles++] = tag;
      }
    }
    if (below == 1) {
      single[singles++] = upTo; // one frame either way; a plain ack reads better in a trace
      upTo = Plan.NONE;
    }
    return new Plan(upTo, Arrays.copyOf(single, singles));
  }

  /** Records that {@code tag} was settled another way (rejected or requeued). */
  void settledElsewhere(long tag, long lastDelivered) {
    absorb(lastDelivered);
    unsettled.remove(tag);
  }

  /** Deliveries held here and not yet settled. */
  int unsettled() {
    return unsettled.size();
  }

  private void absorb(long lastDelivered) {
    for (long tag = absorbed + 1; tag <= lastDelivered; tag++) {
      unsettled.add(tag);
    }
    absorbed = Math.max(absorbed, lastDelivered);
  }
}
