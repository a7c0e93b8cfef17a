package dev.celeriac.client;

import java.util.Arrays;
import java.util.List;

/**
 * Workflows from signatures, encoded as Celery encodes them so Python workers run them too.
 *
 * <pre>{@code
 * AsyncResult<Integer> last = Canvas.chain(add.s(1, 2), mul.s(3), add.si(4, 4)).applyAsync();
 * GroupResult<Integer> all = Canvas.group(add.s(1, 1), add.s(2, 2)).applyAsync();
 * List<Integer> sums = all.get(Duration.ofSeconds(10));
 * AsyncResult<Integer> total = Canvas.chord(List.of(add.s(1, 1), add.s(2, 2)), sum.s()).applyAsync();
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
   * Runs the header in parallel, then the body with the list of the header's results in header
   * order, Celery's {@code chord}. Needs a durable result backend (the workers join the header
   * there); on {@code rpc://} {@link Chord#applyAsync()} raises a {@code ConfigurationException}.
   */
  public static <R> Chord<R> chord(List<? extends Signature<?>> header, Signature<R> body) {
    return new Chord<>(List.copyOf(header), body);
  }

  /** {@link #chord(List, Signature)} with a group as the header. */
  public static <R> Chord<R> chord(Group<?> header, Signature<R> body) {
    return new Chord<>(List.copyOf(header.members()), body);
  }

  static <R> AsyncResult<R> send(Signature<R> signature) {
    return signature.app().calls().apply(signature, TaskOptions.NONE);
  }
}
