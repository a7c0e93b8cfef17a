package dev.celeriac.protocol;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * The AMQP headers of a protocol v2 task message, as Celery 5.2 sends them.
 *
 * @param id the task id (required)
 * @param task the registered task name (required)
 * @param lang the publisher's language, informational ({@code "py"}, {@code "java"})
 * @param rootId the first task of the workflow; equals {@code id} for a top-level call
 * @param parentId the task that published this one, or null
 * @param group the group id, or null
 * @param groupIndex the position in a chord header, or null
 * @param retries how often the task was retried so far
 * @param eta when the task is due, or null for now; always sent with an offset
 * @param expires after when the task must not run any more, or null
 * @param timeLimit hard and soft time limits in seconds (Celery's {@code [hard, soft]} order)
 * @param shadow an alternative name for logs, or null
 * @param argsRepr Python {@code repr} of the positional arguments, for display
 * @param kwargsRepr Python {@code repr} of the keyword arguments, for display
 * @param origin {@code gen<pid>@<host>} of the publisher
 * @param ignoreResult when true the worker publishes no result
 * @param extra every other header (user headers, newer Celery headers), values as decoded
 */
public record TaskHeaders(
    String id,
    String task,
    String lang,
    String rootId,
    String parentId,
    String group,
    Integer groupIndex,
    int retries,
    OffsetDateTime eta,
    OffsetDateTime expires,
    TimeLimit timeLimit,
    String shadow,
    String argsRepr,
    String kwargsRepr,
    String origin,
    boolean ignoreResult,
    Map<String, Object> extra) {

  public TaskHeaders {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    timeLimit = timeLimit == null ? TimeLimit.NONE : timeLimit;
    extra =
        extra == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
  }

  /** A copy placed in a workflow: root and parent ids as a worker sets them for follow-up tasks. */
  public TaskHeaders withWorkflow(String rootId, String parentId) {
    return new TaskHeaders(
        id,
        task,
        lang,
        rootId,
        parentId,
        group,
        groupIndex,
        retries,
        eta,
        expires,
        timeLimit,
        shadow,
        argsRepr,
        kwargsRepr,
        origin,
        ignoreResult,
        extra);
  }

  /**
   * The headers of the re-published message for a retry, as Celery builds them: same id, root and
   * arguments; {@code retries} + 1; the new {@code eta}; the task itself as parent.
   */
  public TaskHeaders forRetry(OffsetDateTime eta, String origin) {
    return new TaskHeaders(
        id,
        task,
        lang,
        rootId,
        id,
        group,
        groupIndex,
        retries + 1,
        eta,
        expires,
        timeLimit,
        shadow,
        argsRepr,
        kwargsRepr,
        origin,
        ignoreResult,
        extra);
  }
}
