package dev.celeriac.broker.deadletter;

/**
 * The headers a worker adds to a message it dead-letters, and the delivery count it carries on
 * classic queues. Replaying a dead letter removes them all.
 */
public final class DeadLetterHeaders {

  /** Every dead-letter header starts with this. */
  public static final String PREFIX = "x-celeriac-dead-letter-";

  /** Why the message was dead-lettered. */
  public static final String REASON = PREFIX + "reason";

  /** The task queue the message came from. */
  public static final String QUEUE = PREFIX + "queue";

  /** The worker that dead-lettered it. */
  public static final String WORKER = PREFIX + "worker";

  /** When, ISO-8601. */
  public static final String TIME = PREFIX + "time";

  /** Whether the broker had flagged the delivery as a redelivery. */
  public static final String REDELIVERED = PREFIX + "redelivered";

  /**
   * Present ({@code true}) when message signing refused the message: unsigned, signed by an
   * untrusted or expired certificate, or tampered with. Replay holds such letters back unless their
   * original signed body verifies, since re-signing them would launder whatever they carry.
   */
  public static final String UNTRUSTED = PREFIX + "untrusted";

  /** Failed deliveries so far, counted by workers on classic queues. */
  public static final String DELIVERY_COUNT = "x-celeriac-delivery-count";

  private DeadLetterHeaders() {}
}
