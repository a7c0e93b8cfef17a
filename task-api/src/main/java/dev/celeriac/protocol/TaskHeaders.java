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

  /**
   * A builder for headers of task {@code id} named {@code task}; every other header starts empty
   * ({@code retries} 0, no time limits, {@code ignore_result} false).
   *
   * <pre>{@code
   * TaskHeaders h = TaskHeaders.builder(id, "tasks.add").lang("java").rootId(id).build();
   * }</pre>
   */
  public static Builder builder(String id, String task) {
    return new Builder(id, task);
  }

  /** A builder starting from these headers. */
  public Builder toBuilder() {
    return new Builder(id, task)
        .lang(lang)
        .rootId(rootId)
        .parentId(parentId)
        .group(group)
        .groupIndex(groupIndex)
        .retries(retries)
        .eta(eta)
        .expires(expires)
        .timeLimit(timeLimit)
        .shadow(shadow)
        .argsRepr(argsRepr)
        .kwargsRepr(kwargsRepr)
        .origin(origin)
        .ignoreResult(ignoreResult)
        .extra(extra);
  }

  /** A copy placed in a workflow: root and parent ids as a worker sets them for follow-up tasks. */
  public TaskHeaders withWorkflow(String rootId, String parentId) {
    return toBuilder().rootId(rootId).parentId(parentId).build();
  }

  /**
   * The headers of the re-published message for a retry, as Celery builds them: same id, root and
   * arguments; {@code retries} + 1; the new {@code eta}; the task itself as parent.
   */
  public TaskHeaders forRetry(OffsetDateTime eta, String origin) {
    return toBuilder().parentId(id).retries(retries + 1).eta(eta).origin(origin).build();
  }

  /** Builder of {@link TaskHeaders}; the record's components, each optional but id and task. */
  public static final class Builder {
    private final String id;
    private final String task;
    private String lang;
    private String rootId;
    private String parentId;
    private String group;
    private Integer groupIndex;
    private int retries;
    private OffsetDateTime eta;
    private OffsetDateTime expires;
    private TimeLimit timeLimit = TimeLimit.NONE;
    private String shadow;
    private String argsRepr;
    private String kwargsRepr;
    private String origin;
    private boolean ignoreResult;
    private Map<String, Object> extra = Map.of();

    private Builder(String id, String task) {
      this.id = Objects.requireNonNull(id, "id");
      this.task = Objects.requireNonNull(task, "task");
    }

    public Builder lang(String lang) {
      this.lang = lang;
      return this;
    }

    public Builder rootId(String rootId) {
      this.rootId = rootId;
      return this;
    }

    public Builder parentId(String parentId) {
      this.parentId = parentId;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder groupIndex(Integer groupIndex) {
      this.groupIndex = groupIndex;
      return this;
    }

    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    public Builder eta(OffsetDateTime eta) {
      this.eta = eta;
      return this;
    }

    public Builder expires(OffsetDateTime expires) {
      this.expires = expires;
      return this;
    }

    public Builder timeLimit(TimeLimit timeLimit) {
      this.timeLimit = timeLimit;
      return this;
    }

    public Builder shadow(String shadow) {
      this.shadow = shadow;
      return this;
    }

    public Builder argsRepr(String argsRepr) {
      this.argsRepr = argsRepr;
      return this;
    }

    public Builder kwargsRepr(String kwargsRepr) {
      this.kwargsRepr = kwargsRepr;
      return this;
    }

    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    public Builder ignoreResult(boolean ignoreResult) {
      this.ignoreResult = ignoreResult;
      return this;
    }

    /** Every other header (user headers, newer Celery headers); replaces earlier ones. */
    public Builder extra(Map<String, Object> extra) {
      this.extra = extra;
      return this;
    }

    public TaskHeaders build() {
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
  }
}
