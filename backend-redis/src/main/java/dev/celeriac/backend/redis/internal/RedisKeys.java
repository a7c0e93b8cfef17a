package dev.celeriac.backend.redis.internal;

/**
 * The key names Celery 5.2's Redis backend uses ({@code celery/backends/base.py}, {@code
 * BaseKeyValueStoreBackend}). A task's result key is also the pub/sub channel its changes are
 * published on.
 */
public final class RedisKeys {

  /** Prefix of a task's result key, followed by the task id. */
  public static final String TASK_PREFIX = "celery-task-meta-";

  /** Prefix of a saved group's key, followed by the group id. */
  public static final String GROUP_PREFIX = "celery-taskset-meta-";

  private RedisKeys() {}

  /** {@code celery-task-meta-<id>}: the task's meta JSON, and the channel its changes go to. */
  public static String task(String taskId) {
    return TASK_PREFIX + taskId;
  }

  /** {@code celery-taskset-meta-<id>}: a saved group ({@code GroupResult.save()}). */
  public static String group(String groupId) {
    return GROUP_PREFIX + groupId;
  }

  /**
   * {@code celery-taskset-meta-<id>.j}: a chord's join, a sorted set of the header tasks' returns
   * scored by {@code group_index}.
   */
  public static String chordJoin(String groupId) {
    return group(groupId) + ".j";
  }

  /** {@code celery-taskset-meta-<id>.s}: the number of header tasks a chord waits for. */
  public static String chordSize(String groupId) {
    return group(groupId) + ".s";
  }

  /** {@code celery-taskset-meta-<id>.t}: header tasks added later ({@code add_to_chord}). */
  public static String chordExtra(String groupId) {
    return group(groupId) + ".t";
  }

  /** The task id of a result key or channel, or null when it is not one. */
  public static String taskIdOf(String key) {
    return key != null && key.startsWith(TASK_PREFIX) ? key.substring(TASK_PREFIX.length()) : null;
  }
}
