package dev.celeriac.client;

import dev.celeriac.error.CeleriacException;
import java.util.Arrays;
import java.util.List;

/**
 * Workflows from signatures, encoded as Celery encodes them so Python workers run them too.
 *
 * <pre>{@code
 * AsyncResult<Integer> last = Canvas.chain(add.s(1, 2), mul.s(3), add.si(4, 4)).applyAsync();
 * GroupResult<Integer> all = Canvas.group(add.s(1, 1), add.s(2, 2)).applyAsync();
 * List<Integer> sums = all.get(Duration.ofSeconds(10));
 * }</pre>
 */
public final class Canvas {

  private Canvas() {}

  /** Steps run one after another; each step's result is prepended to the next one's arguments. */
  @SafeVarargs
  public static <R> Chain<R> chain(Signature<?>... steps) {
    return new Chain<>(Arrays.asList(steps));
  }

  /** Runs its members in parallel; results are collected in member order. */
  @SafeVarargs
  public static <R> Group<R> group(Signature<R>... members) {
    return new Group<>(Arrays.asList(members));
  }

  /** Runs its members in parallel; results are collected in member order. */
  public static <R> Group<R> group(List<Signature<R>> members) {
    return new Group<>(members);
  }

  /**
   * Chords are not available on the {@code rpc://} result format: joining the header needs state
   * shared by all workers (Celery refuses them on rpc:// too).
   *
   * @throws CeleriacException always
   */
  public static <R> Object chord(List<Signature<?>> header, Signature<R> body) {
    throw new CeleriacException(
        "Chords need a result backend that all workers share (Celery: Redis or a database); the rpc:// "
            + "result format Celeriac uses cannot join a group on a worker. Use a group and run the body "
            + "from the caller with the collected results instead.");
  }

  static <R> AsyncResult<R> send(Signature<R> signature) {
    return signature.app().calls().apply(signature, TaskOptions.NONE);
  }
}
