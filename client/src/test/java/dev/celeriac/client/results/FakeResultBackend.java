package dev.celeriac.client.results;

import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.ResultMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link ResultBackend}: watches are {@link ResultSlot}s fed by {@link #deliver}; a
 * persistent one also stores what is delivered for {@link #fetch}, a non-persistent one refuses
 * {@link #fetch} as {@code rpc://} does.
 */
public final class FakeResultBackend implements ResultBackend {

  public static final String REPLY_QUEUE = "fake-replies";

  private final boolean persistent;
  private final List<String> events;
  private final Map<String, ResultSlot> watching = new ConcurrentHashMap<>();
  private final Map<String, ResultMessage> stored = new ConcurrentHashMap<>();
  private final List<String> forgotten = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param events a shared log of what happened, in order ("watch &lt;id&gt;")
   */
  public FakeResultBackend(boolean persistent, List<String> events) {
    this.persistent = persistent;
    this.events = events;
  }

  public FakeResultBackend(boolean persistent) {
    this(persistent, new CopyOnWriteArrayList<>());
  }

  /** A result arriving for a task, as a worker would store it. */
  public void deliver(ResultMessage result) {
    if (persistent) {
      stored.put(result.taskId(), result);
    }
    ResultSlot slot = watching.get(result.taskId());
    if (slot != null) {
      slot.accept(result);
    }
  }

  public boolean watches(String taskId) {
    return watching.containsKey(taskId);
  }

  public List<String> forgotten() {
    return List.copyOf(forgotten);
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public String url() {
    return persistent ? "fake-durable://" : "fake-rpc://";
  }

  @Override
  public boolean persistent() {
    return persistent;
  }

  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    deliver(result);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public ResultWatch watch(String taskId) {
    events.add("watch " + taskId);
    ResultSlot slot = new ResultSlot(self -> watching.remove(taskId, self));
    watching.put(taskId, slot);
    return slot;
  }

  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    if (!persistent) {
      throw new ConfigurationException("Cannot read the result of task " + taskId + " by id");
    }
    return Optional.ofNullable(stored.get(taskId));
  }

  @Override
  public void forget(String taskId) {
    forgotten.add(taskId);
    stored.remove(taskId);
    watching.remove(taskId);
  }

  /** A persistent one keeps groups as a durable backend does; the other refuses as rpc:// does. */
  @Override
  public CompletableFuture<Void> saveGroup(String groupId, List<String> taskIds) {
    if (!persistent) {
      return ResultBackend.super.saveGroup(groupId, taskIds);
    }
    groups.put(groupId, List.copyOf(taskIds));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Optional<List<String>> restoreGroup(String groupId) {
    if (!persistent) {
      return ResultBackend.super.restoreGroup(groupId);
    }
    return Optional.ofNullable(groups.get(groupId));
  }

  @Override
  public String replyTo() {
    return REPLY_QUEUE;
  }

  @Override
  public void close() {
    closed = true;
  }
}
