package dev.celeriac.worker.pipeline;

import dev.celeriac.protocol.TaskMessage;
import java.time.Instant;

/**
 * A read-only view of one delivery in flight, for inspection ({@code active}, {@code reserved},
 * {@code scheduled}).
 *
 * @param message the decoded task message
 * @param state where it is now
 * @param received when the broker handed it over
 * @param started when its body took a slot, or null
 * @param thread the name of the thread running it, or null
 */
public record InFlightTask(
    TaskMessage message, DeliveryState state, Instant received, Instant started, String thread) {

  /** Whether its body runs now (Celery's active). */
  public boolean running() {
    return state.running();
  }

  /**
   * Whether it waits with no ETA or a passed one (reserved), rather than for its ETA (scheduled).
   */
  public boolean due(Instant now) {
    return message.headers().eta() == null || !message.headers().eta().toInstant().isAfter(now);
  }
}
