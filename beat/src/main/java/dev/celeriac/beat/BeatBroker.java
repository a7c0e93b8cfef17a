package dev.celeriac.beat;

import java.time.Instant;
import java.util.Map;

/**
 * What the beat needs from the broker: the sender's lock, the last-run state, sending a tick and
 * publishing its status. A port, so that {@link BeatCore}'s decisions are tested against an
 * in-memory fake ({@code FakeBeatBroker}); {@link AmqpBeatBroker} is the RabbitMQ one.
 *
 * <p>Every method may throw {@link dev.celeriac.broker.BrokerException} when the broker is
 * unreachable; the caller then {@link #release()}s and stands by.
 *
 * <p>Concurrency: used by the beat's one thread.
 */
interface BeatBroker extends AutoCloseable {

  /**
   * Tries to become the one sender. True when this process holds the lock now; false when another
   * does or the broker cannot be reached.
   */
  boolean tryAcquire();

  /** The last run of every entry, as every sender so far recorded it. */
  Map<String, Instant> readLastRuns();

  /** Records the last runs; returns once the broker has them (confirmed). */
  void writeLastRuns(Map<String, Instant> lastRuns);

  /** Sends one tick of {@code entry}; returns once the broker has it (confirmed). */
  void send(BeatEntry entry, Instant scheduled);

  /** Publishes what {@code celeriac beat --status} shows. */
  void writeStatus(BeatStatus status);

  /** Gives up the lock, e.g. after an error: the connection is closed, so another can take it. */
  void release();

  @Override
  void close();
}
