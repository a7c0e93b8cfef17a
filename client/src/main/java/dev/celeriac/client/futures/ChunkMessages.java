package dev.celeriac.client.futures;

/**
 * The {@code celeriac.chunk} task that carries several items of a map in one message; the names
 * both the client and the worker use.
 *
 * <p>Message: args {@code []}, kwargs {@code {"task": "<name>", "it": [item, ...], "combiner":
 * "<name>" (optional)}}; each item is the task's one argument. The worker runs the items
 * concurrently and replies once, with SUCCESS and a JSON object: {@code {"values": [v, ...],
 * "errors": [...]}} (a value per item in input order, null where the item failed), or with a
 * combiner {@code {"combined": v, "count": n, "errors": [...]}} ({@code n} items folded, {@code v}
 * null when none was). Each error is {@code {"index": i, "exc_type": ..., "exc_module": ...,
 * "exc_message": [...], "traceback": ...}}, the index within the chunk.
 */
public final class ChunkMessages {

  /** The task name. */
  public static final String TASK = "celeriac.chunk";

  /** Kwarg: the name of the task to run on each item. */
  public static final String TASK_NAME = "task";

  /** Kwarg: the items. */
  public static final String ITEMS = "it";

  /** Kwarg: the optional combiner task name. */
  public static final String COMBINER = "combiner";

  /** Result key: values by item. */
  public static final String VALUES = "values";

  /** Result key: the combined value. */
  public static final String COMBINED = "combined";

  /** Result key: how many values were combined. */
  public static final String COUNT = "count";

  /** Result key: failed items. */
  public static final String ERRORS = "errors";

  /** Error key: the item's index in the chunk. */
  public static final String INDEX = "index";

  /** Error key: the item's traceback text. */
  public static final String TRACEBACK = "traceback";

  private ChunkMessages() {}
}
