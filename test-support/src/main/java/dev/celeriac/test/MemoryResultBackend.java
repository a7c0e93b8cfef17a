package dev.celeriac.test;

import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultSlot;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results of eager mode: each stored state goes through the {@code rpc://} result encoding and
 * back, as it would on the wire, to the watch of the app that sent the task. Like {@code rpc://} it
 * keeps nothing else: a result nobody watches is dropped, and nothing can be fetched by id.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; results are stored on the thread that ran the task and read by any thread.
 */
final class MemoryResultBackend implements ResultBackend {

  private final ResultCodec codec = new ResultCodec();
  private final Map<String, ResultSlot> watches = new ConcurrentHashMap<>();

  @Override
  public String url() {
    return "eager://";
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    ResultSlot slot = watches.get(target.correlationId());
    if (slot != null && slot.accept(codec.decode(codec.encode(result)))) {
      if (slot.state().isReady()) {
        watches.remove(target.correlationId(), slot);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public ResultWatch watch(String taskId) {
    ResultSlot slot = new ResultSlot(self -> watches.remove(taskId, self));
    if (watches.putIfAbsent(taskId, slot) != null) {
      throw new CeleriacException(
          "Task id '" + taskId + "' is already awaiting a result; task ids must be unique");
    }
    return slot;
  }

  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    throw new ConfigurationException(
        "Cannot read the result of task "
            + taskId
            + " by id in eager mode: like rpc://, a result reaches only the AsyncResult of the call"
            + " that sent it.");
  }

  @Override
  public void forget(String taskId) {
    watches.remove(taskId);
  }

  /** What eager apps put in {@code reply_to}; only this backend reads it. */
  @Override
  public String replyTo() {
    return "celeriac.eager";
  }

  /** Results still awaited fail. */
  @Override
  public void close() {
    CeleriacException closed =
        new CeleriacException("The eager app was closed before the task's result was stored");
    watches.values().forEach(slot -> slot.abandon(closed));
    watches.clear();
  }
}
