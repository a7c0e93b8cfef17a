package dev.celeriac.worker.pipeline;

import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.execution.Failures;
import dev.celeriac.worker.execution.StateReporter;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports tasks that will not run, so their callers learn why instead of waiting: REVOKED for
 * revoked and expired ones; FAILURE with Celery's exception for unknown names ({@code
 * NotRegistered}), arguments that do not fit ({@code TypeError}) and poison messages ({@code
 * WorkerLostError}). Each returns the {@link Outcome} that settles the message.
 *
 * <h2>Concurrency</h2>
 *
 * Stateless; called on task threads.
 */
final class Refusals {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final StateReporter states;
  private final WorkerTaskListener listener;

  Refusals(StateReporter states, WorkerTaskListener listener) {
    this.states = states;
    this.listener = listener;
  }

  /** Revoked, or expired, before it ran: REVOKED, as Celery does. */
  Outcome revoked(TaskMessage message, String routingKey, boolean expired) {
    String reason = expired ? "expired" : "revoked";
    if (expired) {
      log.info("Task {}[{}] expired, not run", message.taskName(), message.id());
    } else {
      log.info("Discarding revoked task: {}[{}]", message.taskName(), message.id());
    }
    listener.revoked(message, false, expired);
    return RunReporter.storing(
        () -> states.revoked(message, routingKey, reason), new Outcome.Revoked(reason));
  }

  /** No task of this name here: FAILURE NotRegistered, dead-lettered. */
  Outcome notRegistered(TaskMessage message, String routingKey, Collection<String> registered) {
    String name = message.taskName();
    log.error(
        "Received unregistered task of type '{}'. The message has been dead-lettered. "
            + "Registered tasks: {}. Did you pass the class or package with -A?",
        name,
        registered);
    return fail(
        message,
        routingKey,
        Failures.python("celery.exceptions", "NotRegistered", name),
        true,
        new Outcome.NotRegistered(name));
  }

  /**
   * The arguments do not fit: a TypeError, as in Python.
   *
   * @param observed whether listeners hear of it (chunk messages do not report to them)
   */
  Outcome badArguments(TaskMessage message, String routingKey, String reason, boolean observed) {
    log.error("Task {}[{}] rejected: {}", message.taskName(), message.id(), reason);
    return fail(
        message,
        routingKey,
        Failures.python("builtins", "TypeError", reason),
        observed,
        new Outcome.BadArguments(reason));
  }

  /**
   * Delivered too often without finishing: the caller gets WorkerLostError (as from Celery) when
   * the message can be decoded ({@code message} is not null).
   */
  Outcome poison(TaskMessage message, InboundMessage inbound, String reason) {
    if (message == null) {
      log.error("A message on {} was {}; dead-lettering it", inbound.queue(), reason);
    } else {
      log.error("Task {}[{}] {}; dead-lettering it", message.taskName(), message.id(), reason);
      var lost = Failures.python("billiard.exceptions", "WorkerLostError", "Task " + reason);
      // Dead-lettered whether or not the caller heard: the message must not run again.
      RunReporter.storing(
          () -> states.failure(message, inbound.routingKey(), lost, null),
          new Outcome.Poison(reason));
      listener.failed(message, lost, null, 0);
    }
    return new Outcome.Poison(reason);
  }

  private Outcome fail(
      TaskMessage message,
      String routingKey,
      RemoteException error,
      boolean observed,
      Outcome ifStored) {
    if (observed) {
      listener.failed(message, error, null, 0);
    }
    return RunReporter.storing(() -> states.failure(message, routingKey, error, null), ifStored);
  }
}
