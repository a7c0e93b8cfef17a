package dev.celeriac.worker.pipeline;

/**
 * The one place that decides what happens to a message once its handling ended. Messages that can
 * never succeed are dead-lettered, never dropped and never requeued forever.
 */
public final class AckPolicy {

  private AckPolicy() {}

  public static Disposition decide(Outcome outcome) {
    return switch (outcome) {
      // Ran and its result is safely with the broker: done.
      case Outcome.Succeeded s -> Disposition.ack();
      // The task's own failure is a result like any other (Celery acks it too); FAILURE was sent.
      case Outcome.Failed f -> Disposition.ack();
      // The task itself says this input must not be run again: keep it for inspection.
      case Outcome.Rejected r -> Disposition.deadLetter("rejected by the task: " + r.reason());
      // The retry is safely queued as a new message; this delivery is done (as in Celery).
      case Outcome.Retried r -> Disposition.ack();
      // Revoked or expired tasks must not run; REVOKED was sent.
      case Outcome.Revoked r -> Disposition.ack();
      // Will never decode, on any worker: keep it for inspection.
      case Outcome.Undecodable u -> Disposition.deadLetter("undecodable message: " + u.reason());
      // Not signed by a trusted key: must never run, on any worker; kept for inspection.
      case Outcome.Untrusted u -> Disposition.deadLetter(u.reason());
      // Another worker might know the task, but redelivering an unknown name loops; keep it.
      case Outcome.NotRegistered n ->
          Disposition.deadLetter("task '" + n.taskName() + "' is not registered on this worker");
      // The same arguments will fail the same way anywhere; keep them for inspection.
      case Outcome.BadArguments b ->
          Disposition.deadLetter("arguments do not fit the task: " + b.reason());
      // Redelivering it again would crash or hang another worker; keep it for inspection.
      case Outcome.Poison p -> Disposition.deadLetter(p.reason());
      // Not finished here: another worker (or this one after a restart) runs it.
      case Outcome.Interrupted i -> Disposition.requeue("worker stopped before the task finished");
      // Never acknowledged without its result: it runs again later, and since the backend or
      // broker, not the message, failed, that run does not count towards the delivery limit.
      case Outcome.ResultNotPublished r -> Disposition.putBack("result not stored: " + r.reason());
    };
  }
}
