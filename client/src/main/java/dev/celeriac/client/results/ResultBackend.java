package dev.celeriac.client.results;

import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.ResultMessage;
import java.util.List;
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

  /**
   * The newest stored states of several tasks, in the order given: what {@link #fetch} returns for
   * each. {@code celery.chord_unlock} reads a chord's header with it every second; a backend that
   * can read many results in one round trip overrides it (the default fetches one by one).
   *
   * @throws RuntimeException what {@link #fetch} throws for any of them
   */
  default List<Optional<ResultMessage>> fetchAll(List<String> taskIds) {
    List<Optional<ResultMessage>> states = new java.util.ArrayList<>(taskIds.size());
    for (String taskId : taskIds) {
      states.add(fetch(taskId));
    }
    return states;
  }

  /** Deletes a task's stored result; nothing happens when there is none. */
  void forget(String taskId);

  /**
   * Saves a group's member task ids under the group id, as Celery's {@code GroupResult.save()}
   * does, so that any process can restore the group by id ({@link #restoreGroup}).
   *
   * @return completes when the group is stored, or exceptionally with a {@link
   *     dev.celeriac.error.CeleriacException} naming the backend
   * @throws ConfigurationException on a backend that keeps no groups (the default, and {@code
   *     rpc://})
   */
  default CompletableFuture<Void> saveGroup(String groupId, List<String> taskIds) {
    throw noGroups("save group " + groupId);
  }

  /**
   * The member task ids of a group saved by {@link #saveGroup} (by Celeriac or Celery), in member
   * order, or empty when the backend holds none under that id.
   *
   * @throws ConfigurationException on a backend that keeps no groups (the default, and {@code
   *     rpc://})
   */
  default Optional<List<String>> restoreGroup(String groupId) {
    throw noGroups("restore group " + groupId);
  }

  /**
   * Deletes the results that have outlived the result expiry (Celery's {@code result_expires}), as
   * Celery's built-in {@code celery.backend_cleanup} task does. Backends whose store expires
   * results by itself (Redis keys carry a TTL) and {@code rpc://}, which stores nothing, have
   * nothing to do.
   *
   * @return the number of results (and saved groups) deleted
   */
  default long cleanup() {
    return 0;
  }

  /**
   * Deletes a saved group, as Celery's {@code GroupResult.delete()} ({@code delete_group}) does;
   * nothing happens when there is none.
   *
   * @throws ConfigurationException on a backend that keeps no groups (the default, and {@code
   *     rpc://})
   */
  default void deleteGroup(String groupId) {
    throw noGroups("delete group " + groupId);
  }

  /**
   * Whether this backend joins chord headers itself (Celery's Redis backend does, in {@code
   * on_chord_part_return}). When false, a chord on a {@linkplain #persistent() persistent} backend
   * is joined by the {@code celery.chord_unlock} task polling {@link #fetch}; on a backend that is
   * neither, chords are refused.
   */
  default boolean joinsChords() {
    return false;
  }

  /**
   * Records how many header tasks a chord waits for (Celery's {@code set_chord_size}), before the
   * last header task is sent.
   *
   * @throws UnsupportedOperationException unless {@link #joinsChords()}
   * @throws dev.celeriac.error.CeleriacException when the backend fails, naming it
   */
  default void setChordSize(String groupId, int size) {
    throw new UnsupportedOperationException(url() + " does not join chords");
  }

  /**
   * Records one header task's final state in the chord's join (Celery's {@code
   * on_chord_part_return}, without applying the body: that is the caller's decision).
   *
   * @return every part in header order when this part completed the join (exactly one caller sees
   *     it), else empty
   * @throws UnsupportedOperationException unless {@link #joinsChords()}
   * @throws dev.celeriac.error.CeleriacException when the backend fails, naming it
   */
  default Optional<List<ChordPart>> chordPartReturned(ChordPart part) {
    throw new UnsupportedOperationException(url() + " does not join chords");
  }

  /**
   * Deletes a completed chord's join state, once its body was applied or failed.
   *
   * @throws UnsupportedOperationException unless {@link #joinsChords()}
   */
  default void clearChord(String groupId) {
    throw new UnsupportedOperationException(url() + " does not join chords");
  }

  /**
   * The value of {@code reply_to} in the tasks this client sends, or null. Celery sets it whatever
   * the backend; {@code rpc://} needs it.
   */
  String replyTo();

  /** Stops watching; results still awaited fail. Does not close connections it was given. */
  @Override
  void close();

  private ConfigurationException noGroups(String what) {
    return new ConfigurationException(
        "Cannot "
            + what
            + ": the result backend "
            + url()
            + " keeps no groups. Configure a durable result backend (e.g. redis://) to save and"
            + " restore groups by id.");
  }
}
