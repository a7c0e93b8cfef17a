package dev.celeriac.client;

import dev.celeriac.error.ConfigurationException;
import java.util.List;

/**
 * Steps that run one after another, Celery's {@code chain}: only the first step is published; the
 * rest travel in its {@code embed.chain}, last step first, each with its task id and reply queue
 * frozen in, and each worker publishes the next step when its own succeeds.
 *
 * <p>The {@link AsyncResult} returned is the last step's; it fails as soon as any step fails.
 */
public final class Chain<R> {

  private final List<Signature<?>> steps;

  Chain(List<Signature<?>> steps) {
    ConfigurationException.require(!steps.isEmpty(), "a chain needs at least one step");
    this.steps = List.copyOf(steps);
  }

  public List<Signature<?>> steps() {
    return steps;
  }

  /** Sends the chain; returns once the broker confirmed its first message. */
  public AsyncResult<R> applyAsync() {
    return steps.getFirst().app().calls().chain(steps);
  }
}
