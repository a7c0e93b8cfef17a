package dev.celeriac.client;

import dev.celeriac.error.ConfigurationException;
import java.util.List;

/**
 * A header group and a body, Celery's {@code chord}: the header members run in parallel, and once
 * all have finished, the body runs with the list of their results in header order. The worker that
 * stores the last header result applies the body (on Redis, by Celery's join in the backend; on a
 * durable backend without one, a {@code celery.chord_unlock} task polls the header). If a header
 * member fails, the body does not run and its result is a FAILURE with Celery's {@code ChordError}
 * naming the member.
 *
 * <pre>{@code
 * AsyncResult<Integer> total =
 *     Canvas.chord(List.of(add.s(1, 1), add.s(2, 2)), sum.s()).applyAsync();
 * int four = total.get(Duration.ofSeconds(10)); // sum([2, 4])
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <R> the body's result type
 */
public final class Chord<R> {

  private final List<Signature<?>> header;
  private final Signature<R> body;

  Chord(List<Signature<?>> header, Signature<R> body) {
    ConfigurationException.require(body != null, "a chord needs a body");
    this.header = header;
    this.body = body;
  }

  public List<Signature<?>> header() {
    return header;
  }

  public Signature<R> body() {
    return body;
  }

  /**
   * Sends the chord; returns the body's result once the broker confirmed every header message.
   *
   * @throws ConfigurationException on a result backend that workers cannot share ({@code rpc://})
   */
  public AsyncResult<R> applyAsync() {
    return body.app().calls().chord(header, body);
  }

  /** Same as {@link #applyAsync()}. */
  public AsyncResult<R> delay() {
    return applyAsync();
  }
}
