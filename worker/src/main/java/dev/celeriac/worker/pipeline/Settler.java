package dev.celeriac.worker.pipeline;

/**
 * Port to the broker: settles a message on the channel it came from. The pipeline decides <em>what
 * </em> happens to a message ({@link AckPolicy}); a settler only carries it out.
 *
 * <h2>Concurrency</h2>
 *
 * Called from any thread (task threads, the time-limit and ETA threads); implementations serialize
 * the operations on their channel and return without waiting for the broker.
 */
public interface Settler {

  /** Removes the message from its queue: it was handled. */
  void ack(InboundMessage message);

  /** Puts the message back in its queue for this or another worker. */
  void requeue(InboundMessage message);
}
