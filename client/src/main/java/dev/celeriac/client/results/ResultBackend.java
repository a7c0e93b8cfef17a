package dev.celeriac.client.results;

import dev.celeriac.protocol.ResultMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where task results live. One interface serves both sides:
 *
 * <ul>
 *   <li>a worker {@linkplain #store stores} each state change (STARTED, RETRY, SUCCESS, FAILURE,
 *       REVOKED) and acknowledges the task only once the final one is stored;
 *   <li>a client {@linkplain #watch watches} the tasks it sends, {@linkplain #fetch fetches} a
 *       task's newest state by id and {@linkplain #forget forgets} it.
 * </ul>
 *
 * <p>Whether a task wants a result at all ({@code ignore_result}, {@code @Task(ignoreResult =
 * true)}) is decided by the caller of {@link #store}; the backend stores what it is given, except
 * where its own format has no place for it ({@code rpc://} drops results whose target names no
 * reply queue).
 *
 * <h2>Concurrency</h2>
 *
 * Implementations are thread-safe.
 */
public interface ResultBackend extends AutoCloseable {

  /** The backend's URL with any password masked, for logs and errors, e.g. {@code rpc://}. */
  String url();

  /**
   * Whether results can be read by id from any process ({@link #fetch}); false for {@code rpc://},
   * where a result reaches only the client that sent the task.
   */
  boolean persistent();

  /**
   * Stores one state change of a task.
   *
   * @return completes when the result is safely stored (for {@code rpc://}: confirmed by the
   *     broker), or exceptionally with a {@link dev.celeriac.error.CeleriacException} naming the
   *     backend
   */
  CompletableFuture<Void> store(ResultTarget target, ResultMessage result);

  /**
   * Starts watching a task's results. Call before the task is published, so that no result can
   * arrive unseen.
   */
  ResultWatch watch(String taskId);

  /**
   * The newest stored state of a task, or empty when the backend holds none (PENDING, as Celery
   * reports unknown ids).
   *
   * @throws dev.celeriac.error.ConfigurationException on a backend that is not {@linkplain
   *     #persistent() persistent}, naming the settings that would make it work
   */
  Optional<ResultMessage> fetch(String taskId);

  /** Deletes a task's stored result; nothing happens when there is none. */
  void forget(String taskId);

  /**
   * The value of {@code reply_to} in the tasks this client sends, or null. Celery sets it whatever
   * the backend; {@code rpc://} needs it.
   */
  String replyTo();

  /** Stops watching; results still awaited fail. Does not close connections it was given. */
  @Override
  void close();
}
