package dev.celeriac.beat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One beat's decisions, one {@link #step()} at a time, without threads or sleeping: stand by until
 * the lock is ours, then read the last runs and send what is due. Tested against a fake broker and
 * a fixed clock; {@link Beat} runs it on a thread.
 *
 * <p><b>The order that makes a duplicate impossible.</b> For each tick the last run is recorded
 * first (confirmed by the broker), the tick sent second (confirmed). A successor reads the last
 * runs after it took the lock, which the broker gives only once the previous sender's connection is
 * closed, so after everything that sender got processed. If the tick was processed, so was the
 * record before it on the same channel, and the successor starts after it: no tick is sent twice.
 * The price: a sender killed between the two confirms loses that one tick (recorded, never sent), a
 * window of one round trip; the drill counts it.
 *
 * <p>Concurrency: confined to one thread.
 */
final class BeatCore {

  private static final Logger log = LoggerFactory.getLogger(BeatCore.class);

  private final BeatSettings settings;
  private final BeatBroker broker;
  private final Clock clock;
  // Read by other threads through Beat.role(); written by the beat's thread only.
  private volatile BeatRole role = BeatRole.STANDBY;
  private Map<String, Instant> lastRuns = new HashMap<>();
  private Instant since;
  private Instant statusWritten;
  // Set by another thread (a shutdown signal): a beat that is stopping must not take the lock.
  private volatile boolean stopRequested;

  BeatCore(BeatSettings settings, BeatBroker broker, Clock clock) {
    this.settings = settings;
    this.broker = broker;
    this.clock = clock;
  }

  BeatRole role() {
    return role;
  }

  /** Does what is due now; returns how long to wait before the next step. */
  Duration step() {
    if (role == BeatRole.STOPPED || stopRequested) {
      return settings.pollInterval();
    }
    try {
      if (role == BeatRole.STANDBY) {
        if (!broker.tryAcquire()) {
          return settings.pollInterval();
        }
        lastRuns = new HashMap<>(broker.readLastRuns());
        // Millisecond precision: scheduled times travel in headers with microseconds at most.
        since = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        statusWritten = null;
        role = role.moveTo(BeatRole.SENDING);
        log.info(
            "{} is now the beat sender for {} entries (last runs recorded for {})",
            settings.identity(),
            settings.entries().size(),
            lastRuns.keySet().stream().filter(this::known).count());
      }
      return sendDue();
    } catch (RuntimeException e) {
      if (role == BeatRole.SENDING) {
        log.warn("{} stops sending: {}", settings.identity(), e.getMessage());
        role = role.moveTo(BeatRole.STANDBY);
      } else {
        log.warn("{} could not take over: {}", settings.identity(), e.getMessage());
      }
      broker.release();
      return settings.pollInterval();
    }
  }

  private boolean known(String name) {
    return settings.entries().stream().anyMatch(e -> e.name().equals(name));
  }

  private Duration sendDue() {
    Instant now = clock.instant();
    for (BeatEntry entry : settings.entries()) {
      Instant last = lastRun(entry);
      Planner.Plan plan =
          Planner.plan(entry, last, now, settings.zone(), settings.misfireThreshold());
      if (plan.skipped() != null) {
        log.warn(
            "Entry '{}' missed its ticks from {} to {}; skipping them (misfire policy skip)",
            entry.name(),
            Planner.next(entry, last, settings.zone()),
            plan.skipped());
        record(entry, plan.skipped());
      } else if (misfired(entry, last, now)) {
        log.warn(
            "Entry '{}' missed its ticks from {}; sending the latest, {}, once (misfire policy"
                + " run-once)",
            entry.name(),
            Planner.next(entry, last, settings.zone()),
            plan.send().getFirst());
      }
      for (Instant scheduled : plan.send()) {
        record(entry, scheduled); // first: see the class comment
        broker.send(entry, scheduled);
        log.info("Sent {} for entry '{}' scheduled at {}", entry.task(), entry.name(), scheduled);
      }
    }
    writeStatusEverySecond(now);
    return untilNextDue(clock.instant());
  }

  /**
   * Whether the oldest due tick is over the threshold late, so run-once applies; the tick it sends
   * is the latest due, usually not itself that late.
   */
  private boolean misfired(BeatEntry entry, Instant last, Instant now) {
    Instant first = Planner.next(entry, last, settings.zone());
    return first != null && first.isBefore(now.minus(settings.misfireThreshold()));
  }

  private void record(BeatEntry entry, Instant at) {
    Map<String, Instant> next = new HashMap<>(lastRuns);
    next.put(entry.name(), at);
    broker.writeLastRuns(next);
    lastRuns = next;
  }

  private Instant lastRun(BeatEntry entry) {
    return lastRuns.getOrDefault(entry.name(), since);
  }

  private void writeStatusEverySecond(Instant now) {
    if (statusWritten != null && now.isBefore(statusWritten.plusSeconds(1))) {
      return;
    }
    broker.writeStatus(status(now));
    statusWritten = now;
  }

  /** What {@code beat --status} shows for this sender. */
  BeatStatus status(Instant now) {
    List<BeatStatus.Line> lines = new ArrayList<>();
    for (BeatEntry e : settings.entries()) {
      lines.add(
          new BeatStatus.Line(
              e.name(),
              e.task(),
              e.schedule().describe(),
              lastRuns.get(e.name()),
              since == null ? null : Planner.next(e, lastRun(e), settings.zone())));
    }
    return new BeatStatus(settings.identity(), since, now, lines);
  }

  private Duration untilNextDue(Instant now) {
    Duration wait = settings.pollInterval().multipliedBy(4);
    for (BeatEntry e : settings.entries()) {
      Instant next = Planner.next(e, lastRun(e), settings.zone());
      if (next != null) {
        Duration d = Duration.between(now, next);
        if (d.compareTo(wait) < 0) {
          wait = d;
        }
      }
    }
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** Asks the beat to stop: from now on it takes no lock (from any thread). */
  void requestStop() {
    stopRequested = true;
  }

  /** Stops sending and gives the lock up, so that a standby takes over at once. */
  void stop() {
    if (role != BeatRole.STOPPED) {
      role = role.moveTo(BeatRole.STOPPED);
      broker.release();
    }
  }
}
