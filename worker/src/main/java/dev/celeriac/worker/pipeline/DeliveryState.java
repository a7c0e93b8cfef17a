package dev.celeriac.worker.pipeline;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one delivery is between the broker handing it over and this worker settling it. Each
 * delivery has exactly one state, kept by the {@link InFlightRegistry}; a move the table below does
 * not allow throws {@link IllegalDeliveryStateChangeException}.
 *
 * <pre>
 * from         allowed to
 * RECEIVED     WAITING, SETTLING               (decoded; or refused, recounted, requeued)
 * WAITING      RUNNING, SETTLING               (got a slot; or handed to the broker, requeued)
 * RUNNING      ACKED_EARLY, LENT, ABANDONED, SETTLING
 * ACKED_EARLY  LENT, ABANDONED, SETTLING
 * LENT         ACKED_EARLY, ABANDONED, SETTLING
 * ABANDONED    SETTLING
 * SETTLING     SETTLED
 * SETTLED      (none)
 * </pre>
 *
 * <p>A delivery that went through ACKED_EARLY or LENT has been acknowledged: its settlement does
 * not acknowledge it again. Two threads may race for one move (the task's thread finishing and its
 * hard time limit firing): {@link TrackedDelivery#moveFrom} lets exactly one of them win.
 */
public enum DeliveryState {
  /** Handed over by the broker; not decoded yet (it may be counted against the delivery limit). */
  RECEIVED,
  /** Decoded; waits for its ETA, a rate-limit token or a pool slot. Not acknowledged. */
  WAITING,
  /** Holds a pool slot: its checks and its body run. Not acknowledged (acks late). */
  RUNNING,
  /** Holds a slot and runs; its message was acknowledged before the body ran or after a loan. */
  ACKED_EARLY,
  /** Its body waits on futures: the slot is lent to other tasks and the message acknowledged. */
  LENT,
  /** Past its hard time limit: reported and its slot freed; its thread is left to itself. */
  ABANDONED,
  /** Its outcome is known: the result is being stored and the message acked, requeued or moved. */
  SETTLING,
  /** Done with; no longer in the registry. */
  SETTLED;

  private static final Map<DeliveryState, Set<DeliveryState>> ALLOWED =
      new EnumMap<>(DeliveryState.class);

  static {
    ALLOWED.put(RECEIVED, EnumSet.of(WAITING, SETTLING));
    ALLOWED.put(WAITING, EnumSet.of(RUNNING, SETTLING));
    ALLOWED.put(RUNNING, EnumSet.of(ACKED_EARLY, LENT, ABANDONED, SETTLING));
    ALLOWED.put(ACKED_EARLY, EnumSet.of(LENT, ABANDONED, SETTLING));
    ALLOWED.put(LENT, EnumSet.of(ACKED_EARLY, ABANDONED, SETTLING));
    ALLOWED.put(ABANDONED, EnumSet.of(SETTLING));
    ALLOWED.put(SETTLING, EnumSet.of(SETTLED));
    ALLOWED.put(SETTLED, EnumSet.noneOf(DeliveryState.class));
  }

  /** The states whose body is running, the slot held or lent (what inspection calls active). */
  public static final Set<DeliveryState> RUNNING_STATES = EnumSet.of(RUNNING, ACKED_EARLY, LENT);

  /** Whether the table allows moving from this state to {@code next}. */
  public boolean canMoveTo(DeliveryState next) {
    return ALLOWED.get(this).contains(next);
  }

  /** The states this one may move to. */
  public Set<DeliveryState> next() {
    return EnumSet.copyOf(ALLOWED.get(this)); // the table's sets are EnumSets: empty ones copy too
  }

  /** Whether a delivery in this state holds one of the pool's slots. */
  public boolean holdsSlot() {
    return this == RUNNING || this == ACKED_EARLY;
  }

  /** Whether its body is running (slot held or lent). */
  public boolean running() {
    return RUNNING_STATES.contains(this);
  }
}
