package dev.celeriac.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Celery's shutdown keys: the first SIGINT or SIGTERM starts a warm shutdown on a thread named
 * {@code celeriac-shutdown}; a second one runs the cold shutdown at once.
 *
 * <p>A JVM shutdown hook cannot do this (the JVM ignores further signals while hooks run), so this
 * uses {@code sun.misc.Signal}, which every JDK ships in the {@code jdk.unsupported} module.
 */
final class ShutdownSignals {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  static void install(Runnable warm, Runnable cold) {
    install("worker", warm, cold);
  }

  /** As {@link #install(Runnable, Runnable)}, with {@code role} (worker, beat) in the log lines. */
  static void install(String role, Runnable warm, Runnable cold) {
    AtomicInteger count = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (count.incrementAndGet() == 1) {
              log.warn(
                  "{}: Warm shutdown (SIG{}); press Ctrl-C again to stop at once",
                  role,
                  signal.getName());
              Thread.ofPlatform().name("celeriac-shutdown").start(warm);
            } else {
              log.warn("{}: Cold shutdown (SIG{})", role, signal.getName());
              cold.run();
            }
          });
    }
  }
}
