package dev.celeriac.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of a group's members, in member order.
 *
 * <pre>{@code
 * GroupResult<Integer> sums = Canvas.group(add.s(1, 1), add.s(2, 2)).applyAsync();
 * List<Integer> values = sums.get(Duration.ofSeconds(10)); // [2, 4]
 * }</pre>
 */
public final class GroupResult<R> {

  private final String id;
  private final List<AsyncResult<R>> results;

  GroupResult(String id, List<AsyncResult<R>> results) {
    this.id = id;
    this.results = List.copyOf(results);
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
}
