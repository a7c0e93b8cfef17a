package dev.celeriac.protocol;

import java.util.List;

/**
 * The AMQP header names of a Celery protocol v2 task message (docs/protocol.md, "Headers").
 *
 * <pre>{@code
 * Object name = amqpHeaders.get(Headers.TASK);
 * }</pre>
 */
public final class Headers {

  /** The publisher's language: {@code "py"} from Celery, {@code "java"} from Celeriac. */
  public static final String LANG = "lang";

  /** The registered task name. Required: its presence marks a protocol v2 message. */
  public static final String TASK = "task";

  /** The task id. Required. */
  public static final String ID = "id";

  /** An alternative task name for logs and events. */
  public static final String SHADOW = "shadow";

  /** ISO-8601 datetime before which the task must not run. */
  public static final String ETA = "eta";

  /** ISO-8601 datetime after which the task must not run any more. */
  public static final String EXPIRES = "expires";

  /** The id of the group this task belongs to. */
  public static final String GROUP = "group";

  /** The position in a chord header (Celery 5.2 leaves it null for a plain group). */
  public static final String GROUP_INDEX = "group_index";

  /** How often the task has been retried so far. */
  public static final String RETRIES = "retries";

  /** {@code [hard, soft]} time limits in seconds; each may be null. */
  public static final String TIMELIMIT = "timelimit";

  /** The id of the first task of the workflow. */
  public static final String ROOT_ID = "root_id";

  /** The id of the task that published this one. */
  public static final String PARENT_ID = "parent_id";

  /** Python {@code repr} of the positional arguments, for display. */
  public static final String ARGSREPR = "argsrepr";

  /** Python {@code repr} of the keyword arguments, for display. */
  public static final String KWARGSREPR = "kwargsrepr";

  /** {@code gen<pid>@<host>} of the publisher, for display. */
  public static final String ORIGIN = "origin";

  /** When true the worker stores no result (Celery 5.1+). */
  public static final String IGNORE_RESULT = "ignore_result";

  /** Names of stamped headers (Celery 5.3+); not modelled, lands in {@code extra}. */
  public static final String STAMPED_HEADERS = "stamped_headers";

  /** Stamps, name to value (Celery 5.3+); not modelled, lands in {@code extra}. */
  public static final String STAMPS = "stamps";

  /** How often the task was replaced (Celery 5.3+); not modelled, lands in {@code extra}. */
  public static final String REPLACED_TASK_NESTING = "replaced_task_nesting";

  /** kombu's body compression MIME type, e.g. {@code application/x-gzip}; absent when none. */
  public static final String COMPRESSION = "compression";

  /** The headers Celery 5.2.6 sends, in the order it sends them. */
  public static final List<String> CELERY_5_2 =
      List.of(
          LANG,
          TASK,
          ID,
          SHADOW,
          ETA,
          EXPIRES,
          GROUP,
          GROUP_INDEX,
          RETRIES,
          TIMELIMIT,
          ROOT_ID,
          PARENT_ID,
          ARGSREPR,
          KWARGSREPR,
          ORIGIN,
          IGNORE_RESULT);

  private Headers() {}
}
