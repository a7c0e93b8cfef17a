package dev.celeriac.worker.pipeline;

import dev.celeriac.protocol.TaskMessage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * One delivery in the {@link InFlightRegistry}: the message, its one {@link DeliveryState} and when
 * it entered each state. Everything the worker knows about a delivery in flight is here.
 *
 * <h2>Concurrency</h2>
 *
 * Moves are synchronized on the delivery; reads of the state are lock-free. The task's thread, the
 * time-limit thread, the ETA thread and remote control all touch it.
 */
public final class TrackedDelivery {

  /** Why the body's thread was interrupted, which decides how its end is reported. */
  public enum Interruption {
    /** Not interrupted by the worker (a shutdown interrupts the whole pool instead). */
    NONE,
    /** The soft time limit passed: a failure is reported as SoftTimeLimitExceeded. */
    SOFT_TIME_LIMIT,
    /** A revoke with terminate: reported REVOKED whatever the body does. */
    TERMINATED
  }

  private final long id;
  private final InboundMessage inbound;
  private final InFlightRegistry registry;
  private final Map<DeliveryState, Instant> entered = new EnumMap<>(DeliveryState.class);
  private volatile DeliveryState state = DeliveryState.RECEIVED;
  private volatile TaskMessage message;
  private volatile Thread thread;
  private volatile Interruption interruption = Interruption.NONE;

  TrackedDelivery(long id, InboundMessage inbound, InFlightRegistry registry) {
    this.id = id;
    this.inbound = inbound;
    this.registry = registry;
    entered.put(DeliveryState.RECEIVED, Instant.now());
  }

  long id() {
    return id;
  }

  public InboundMessage inbound() {
    return inbound;
  }

  /** The decoded message, or null before it was decoded. */
  public TaskMessage message() {
    return message;
  }

  public DeliveryState state() {
    return state;
  }

  /** The thread running its body, or null before it started. */
  public Thread thread() {
    return thread;
  }

  public Interruption interruption() {
    return interruption;
  }

  /** When it first entered {@code s}, or null if it never did. */
  public synchronized Instant entered(DeliveryState s) {
    return entered.get(s);
  }

  /** Whether its message was acknowledged already (it went through ACKED_EARLY or LENT). */
  public synchronized boolean acknowledged() {
    return entered.containsKey(DeliveryState.ACKED_EARLY)
        || entered.containsKey(DeliveryState.LENT);
  }

  /** Decoded: RECEIVED to WAITING, with its message. */
  void admit(TaskMessage decoded) {
    this.message = decoded;
    move(DeliveryState.WAITING);
  }

  /** Took a slot on {@code runner}: WAITING to RUNNING. */
  void start(Thread runner) {
    this.thread = runner;
    move(DeliveryState.RUNNING);
  }

  /**
   * Moves to {@code to}.
   *
   * @throws IllegalDeliveryStateChangeException when the table does not allow it from here
   */
  synchronized void move(DeliveryState to) {
    DeliveryState from = state;
    if (!from.canMoveTo(to)) {
      throw new IllegalDeliveryStateChangeException(toString(), from, to);
    }
    state = to;
    entered.putIfAbsent(to, Instant.now());
    if (to == DeliveryState.SETTLED) {
      registry.remove(this);
    }
  }

  /**
   * Moves to {@code to} if it is in one of {@code expected}: of two threads racing for a delivery
   * (its body finishing, its hard time limit firing) exactly one gets it.
   *
   * @return the state it left, or null when it was in none of {@code expected} (nothing changed)
   * @throws IllegalDeliveryStateChangeException when {@code expected} holds a state the table does
   *     not allow to move to {@code to}
   */
  synchronized DeliveryState moveFrom(Set<DeliveryState> expected, DeliveryState to) {
    DeliveryState from = state;
    if (!expected.contains(from)) {
      return null;
    }
    move(to);
    return from;
  }

  /** Interrupts its body's thread for {@code why}; a terminate outranks a soft limit. */
  synchronized void interrupt(Interruption why) {
    if (!state.running() || thread == null) {
      return;
    }
    if (interruption != Interruption.TERMINATED) {
      interruption = why;
    }
    thread.interrupt();
  }

  /** {@code delivery 7 of queue celery (tasks.add[id])}, for logs and exceptions. */
  @Override
  public String toString() {
    TaskMessage m = message;
    return "delivery "
        + id
        + " of queue "
        + inbound.queue()
        + (m == null ? "" : " (" + m.taskName() + "[" + m.id() + "])");
  }
}
