package dev.celeriac.worker.pipeline;

import dev.celeriac.error.CeleriacException;

/**
 * A delivery was asked to move between two states that {@link DeliveryState}'s table does not
 * connect: a bug in the worker (a message settled twice, a task run after it was settled), never a
 * problem of the message itself. The message names the delivery and both states.
 */
public final class IllegalDeliveryStateChangeException extends CeleriacException {

  private final DeliveryState from;
  private final DeliveryState to;

  public IllegalDeliveryStateChangeException(
      String delivery, DeliveryState from, DeliveryState to) {
    super(
        delivery
            + " cannot move from "
            + from
            + " to "
            + to
            + "; from "
            + from
            + " it may move to "
            + (from.next().isEmpty() ? "nothing" : from.next()));
    this.from = from;
    this.to = to;
  }

  public DeliveryState from() {
    return from;
  }

  public DeliveryState to() {
    return to;
  }
}
