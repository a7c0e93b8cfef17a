package dev.celeriac.worker.consume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which acknowledgements to send for the deliveries settled since the last batch: one {@code
 * basic.ack} with {@code multiple} for the longest run that starts at the oldest unsettled
 * delivery, single acks for the rest. {@code multiple} acknowledges <em>every</em> unacknowledged
 * delivery up to its tag, so it may only cover tags that are all settled; a delivery still running
 * below a tag keeps that tag a single ack.
 *
 * <pre>{@code
 * open = {1, 2, 3, 4}; acks {1, 2, 4}  ->  multiple up to 2, single 4; open = {3}
 * }</pre>
 *
 * @param multipleUpTo the tag to acknowledge with {@code multiple=true}, or 0 for none
 * @param single tags to acknowledge one by one, ascending
 */
record AckBatch(long multipleUpTo, List<Long> single) {

  /**
   * The batch for {@code acks}, given the deliveries not yet settled ({@code open}, which includes
   * the acks); removes the acknowledged tags from {@code open}.
   */
  static AckBatch of(NavigableSet<Long> open, Collection<Long> acks) {
    long upTo = 0;
    List<Long> single = new ArrayList<>();
    for (long tag : new TreeSet<>(acks)) {
      if (!open.isEmpty() && open.first() == tag) {
        open.pollFirst(); // everything below is settled: covered by one multiple ack
        upTo = tag;
      } else {
        open.remove(tag); // a delivery below is still running: this one alone
        single.add(tag);
      }
    }
    return new AckBatch(upTo, List.copyOf(single));
  }

  /** How many {@code basic.ack} frames the batch sends. */
  int frames() {
    return single.size() + (multipleUpTo > 0 ? 1 : 0);
  }
}
