package dev.celeriac.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The results of a group's members, in member order.
 *
 * <pre>{@code
 * GroupResult<Integer> sums = Canvas.group(add.s(1, 1), add.s(2, 2)).applyAsync();
 * List<Integer> values = sums.get(Duration.ofSeconds(10)); // [2, 4]
 *
 * sums.save(); // on a durable result backend, so that any process can restore it by id:
 * GroupResult<Integer> again = app.groupResult(sums.id(), Integer.class).orElseThrow();
 * }</pre>
 *
 * <p>Concurrency: immutable; its results are thread-safe.
 */
public final class GroupResult<R> {

  private final String id;
  private final List<AsyncResult<R>> results;
  private final ResultWatches watches;

  GroupResult(String id, List<AsyncResult<R>> results, ResultWatches watches) {
    this.id = id;
    this.results = List.copyOf(results);
    this.watches = watches;
  }

  /** The group id, sent in each member's {@code group} header. */
  public String id() {
    return id;
  }

  /** The members' results, in member order. */
  public List<AsyncResult<R>> results() {
    return results;
  }

  /** True when every member reached a final state. */
  public boolean ready() {
    return results.stream().allMatch(AsyncResult::ready);
  }

  /** True when every member succeeded. */
  public boolean successful() {
    return results.stream().allMatch(AsyncResult::successful);
  }

  /** Members in a final state. */
  public long completedCount() {
    return results.stream().filter(AsyncResult::ready).count();
  }

  /**
   * Waits for all members within {@code timeout} in total and returns their values in order.
   *
   * @throws TaskFailedException for the first member (in order) that failed
   * @throws TaskTimeoutException when the members did not all finish in time
   */
  public List<R> get(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<R> values = new ArrayList<>(results.size());
    for (AsyncResult<R> result : results) {
      Duration left = Duration.between(Instant.now(), deadline);
      values.add(result.get(left.isNegative() ? Duration.ZERO : left));
    }
    return values;
  }

  /**
   * Stores the members' task ids under the group id in the result backend, as Celery's {@code
   * GroupResult.save()} does (Redis: {@code celery-taskset-meta-<id>}, with the result expiry), so
   * that {@link Celeriac#groupResult(String, Class)} here, or {@code GroupResult.restore(id)} in
   * Python, finds the group from any process. Returns once it is stored.
   *
   * @throws dev.celeriac.error.ConfigurationException on {@code rpc://}, which keeps no groups
   * @throws dev.celeriac.error.CeleriacException when the backend fails to store it
   */
  public void save() {
    List<String> ids = results.stream().map(AsyncResult::id).toList();
    try {
      watches.backend().saveGroup(id, ids).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Deletes the saved group ({@link #save}) from the result backend, as Celery's {@code
   * GroupResult.delete()} does; the members' own results stay. Nothing happens when it was not
   * saved.
   *
   * @throws dev.celeriac.error.ConfigurationException on {@code rpc://}, which keeps no groups
   * @throws dev.celeriac.error.CeleriacException when the backend fails
   */
  public void delete() {
    watches.backend().deleteGroup(id);
  }
}
