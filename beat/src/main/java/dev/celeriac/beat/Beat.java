package dev.celeriac.beat;

import dev.celeriac.broker.BrokerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A running beat process: stands by, or sends the schedule's ticks when elected. Start any number,
 * on any machines, with the same {@link BeatSettings#group()}: exactly one sends at a time, and
 * another takes over within about a second when it dies (docs/beat.md).
 *
 * <pre>{@code
 * try (Beat beat = Beat.start(settings)) {
 *   beat.awaitTermination();
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * One platform thread, {@code celeriac-beat}, owns the broker connection; {@link #close()} may be
 * called from any thread and waits for it to end.
 */
public final class Beat implements AutoCloseable {

  private final BeatCore core;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  private Beat(BeatSettings settings, BeatBroker broker, Clock clock) {
    this.core = new BeatCore(settings, broker, clock);
    this.thread = Thread.ofPlatform().name("celeriac-beat").unstarted(this::run);
  }

  /** Starts a beat on RabbitMQ. */
  public static Beat start(BeatSettings settings) {
    Clock clock = Clock.systemUTC();
    Beat beat =
        new Beat(
            settings,
            new AmqpBeatBroker(
                settings.broker(),
                settings.group(),
                settings.identity(),
                clock,
                settings.security() == null ? null : settings.security().load(clock)),
            clock);
    beat.thread.start();
    return beat;
  }

  private void run() {
    try {
      while (running) {
        Duration wait = core.step();
        if (running && !wait.isZero()) {
          LockSupport.parkNanos(wait.toNanos());
        }
      }
    } finally {
      synchronized (core) {
        core.stop();
      }
      stopped.countDown();
    }
  }

  /** STANDBY or SENDING (STOPPED once closed). */
  public BeatRole role() {
    return core.role();
  }

  /** Waits until {@link #close()} ended the beat. */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** Stops sending and releases the lock, so that a standby takes over at once. */
  @Override
  public void close() {
    running = false;
    core.requestStop();
    LockSupport.unpark(thread);
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the sender of {@code group} last published, or null when no beat ever sent. */
  public static BeatStatus status(BrokerSettings broker, String group) {
    return AmqpBeatBroker.readStatus(broker, group);
  }

  /** The last runs recorded for {@code group}'s entries (empty when none ran). */
  public static Map<String, Instant> lastRuns(BrokerSettings broker, String group) {
    return AmqpBeatBroker.readLastRuns(broker, group);
  }

  /** When {@code entry} is next due after {@code lastRun} (or now, if it never ran). */
  public static Instant nextRun(BeatEntry entry, Instant lastRun, java.time.ZoneId zone) {
    return Planner.next(entry, lastRun == null ? Instant.now() : lastRun, zone);
  }
}
