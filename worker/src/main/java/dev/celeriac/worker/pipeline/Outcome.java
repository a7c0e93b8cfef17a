package dev.celeriac.worker.pipeline;

/**
 * How the handling of one delivery ended. {@link AckPolicy#decide} maps each to what happens to the
 * message.
 */
public sealed interface Outcome {

  /** The task returned; its SUCCESS result (if any) is confirmed by the broker. */
  record Succeeded() implements Outcome {}

  /** The task raised; its FAILURE result (if any) is confirmed by the broker. */
  record Failed(Throwable error) implements Outcome {}

  /** The task refused its input ({@code Reject}); FAILURE was published. */
  record Rejected(String reason) implements Outcome {}

  /** The task asked to run again later; its retry message and RETRY state are confirmed. */
  record Retried() implements Outcome {}

  /** The task was revoked or had expired; REVOKED was published instead of running it. */
  record Revoked(String reason) implements Outcome {}

  /** The message is not a protocol v2 JSON task message. */
  record Undecodable(String reason) implements Outcome {}

  /**
   * Message signing is on and the message is unsigned, signed by an unknown or expired certificate,
   * or its signature does not match; {@code reason} is in Celery's words.
   */
  record Untrusted(String reason) implements Outcome {}

  /** No task of this name is registered here; FAILURE NotRegistered was published. */
  record NotRegistered(String taskName) implements Outcome {}

  /** The arguments do not fit the task's parameters; FAILURE TypeError was published. */
  record BadArguments(String reason) implements Outcome {}

  /** Delivered too often without finishing: it probably crashes or hangs its worker. */
  record Poison(String reason) implements Outcome {}

  /** The worker stopped before or while running the task. */
  record Interrupted() implements Outcome {}

  /**
   * The task ran but its result was not stored within the retries, or the broker did not confirm
   * its follow-ups.
   */
  record ResultNotPublished(String reason) implements Outcome {}
}
