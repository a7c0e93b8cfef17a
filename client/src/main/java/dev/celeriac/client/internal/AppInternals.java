package dev.celeriac.client.internal;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link WorkerClient#of} reaches an app's worker-facing side without a public method on the
 * user's API (the JDK's "shared secrets" idiom): {@link Celeriac} installs the accessor once, when
 * its class initialises, which happens before any app exists.
 */
public final class AppInternals {

  private static volatile Function<Celeriac, WorkerClient> workerClients;

  private AppInternals() {}

  /**
   * Called by {@link Celeriac} alone.
   *
   * @throws IllegalStateException when called a second time
   */
  public static synchronized void install(Function<Celeriac, WorkerClient> accessor) {
    if (workerClients != null) {
      throw new IllegalStateException("the app accessor is installed already");
    }
    workerClients = Objects.requireNonNull(accessor, "accessor");
  }

  /** The worker-facing side of {@code app}. */
  public static WorkerClient workerClient(Celeriac app) {
    Objects.requireNonNull(app, "app");
    return workerClients.apply(app);
  }
}
