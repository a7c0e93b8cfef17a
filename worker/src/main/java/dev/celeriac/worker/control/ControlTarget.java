package dev.celeriac.worker.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a worker lets remote control see and change. {@link Mailbox} turns Celery's pidbox requests
 * into these calls and their results into Celery's reply shapes; the worker implements it.
 *
 * <h2>Concurrency</h2>
 *
 * Called on the mailbox's dispatch thread, one request at a time; calls must not block long.
 */
public interface ControlTarget {

  /** Never run {@code taskId}; with {@code terminate}, interrupt it if it runs. */
  void revoke(String taskId, boolean terminate);

  /** Marks {@code taskId} revoked on this worker only (learnt from another worker). */
  void revokeLocally(String taskId);

  /** The revoked task ids this worker remembers. */
  List<String> revoked();

  /** Registered task names, sorted. */
  List<String> registered();

  /** Running tasks as Celery's request dicts. */
  List<JsonNode> active();

  /** Received tasks waiting for a slot (or a rate limit), as request dicts. */
  List<JsonNode> reserved();

  /** Tasks waiting for their ETA, as {@code {eta, priority, request}}. */
  List<JsonNode> scheduled();

  /** Celery's {@code stats} reply. */
  ObjectNode stats();

  /** The consumed queues as kombu queue descriptions. */
  List<JsonNode> activeQueues();

  /**
   * Sets a task's rate limit ({@code "10/m"}; blank or 0 removes it).
   *
   * @return the confirmation Celery sends
   * @throws IllegalArgumentException with Celery's error text for an unknown task or a bad rate
   */
  String rateLimit(String taskName, String rate);

  /** Starts consuming {@code queue}; returns the confirmation. */
  String addConsumer(String queue);

  /** Stops consuming {@code queue}; returns the confirmation. */
  String cancelConsumer(String queue);

  /** Begins a warm shutdown, without waiting for it. */
  void shutdown();
}
