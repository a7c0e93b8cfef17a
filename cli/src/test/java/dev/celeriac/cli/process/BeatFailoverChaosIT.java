package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DeliverCallback;
import dev.celeriac.beat.BeatMessages;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.protocol.CeleryTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The beat failover drill: three {@code celeriac beat} processes share one schedule (a 1 s interval
 * and a {@code * * * * *} crontab). The sender is killed with SIGKILL 8 s in; over 60 s every 1 s
 * tick must arrive exactly once with no gap over 5 s, and the minute entry once per minute. Then
 * every beat is stopped for 7 s, longer than the default misfire threshold (5 s), and three start
 * again with the default policy (run-once): the missed ticks collapse into one message for the
 * latest, none is sent twice, no burst, the minute tick of the outage (if any) once, and 1 s ticks
 * resume. Everything is judged from the messages received, by their {@code beat_entry} and {@code
 * beat_scheduled} headers.
 */
class BeatFailoverChaosIT {

  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final Duration KILL_AT = Duration.ofSeconds(8);
  private static final Duration AFTER_RESTART = Duration.ofSeconds(6);
  private static final Duration OUTAGE = Duration.ofSeconds(7);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration THRESHOLD = Duration.ofSeconds(5); // the default
  // From the takeover to the first message's arrival, on a busy host.
  private static final Duration DELIVERY_SLACK = Duration.ofMillis(500);

  /** One message received: its entry, its scheduled time, when it came. */
  record Tick(String entry, Instant scheduled, Instant received) {}

  @Test
  void oneSenderAtATimeNoTickTwiceNoneLostAcrossAKillAndARestart() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String group = "it.beat-chaos-" + id;
    String queue = group + ".ticks";
    Path schedule = Files.createTempFile("beat-chaos-", ".json");
    Files.writeString(
        schedule,
        """
        {"second": {"task": "it.beat.second", "schedule": 1.0, "options": {"queue": "%s"}},
         "minute": {"task": "it.beat.minute", "schedule": {"crontab": {"minute": "*"}},
                    "options": {"queue": "%s"}}}
        """
            .formatted(queue, queue));
    // The product defaults: misfire threshold 5 s, policy run-once. A restart slower than that is a
    // long outage, and the restart phase checks that it collapses into one message.
    String[] args = {"--schedule", schedule.toString(), "--group", group};
    List<Tick> ticks = new CopyOnWriteArrayList<>();
    List<BeatProcess> beats = new ArrayList<>();
    try (BrokerConnection connection =
        BrokerConnection.open(BrokerSettings.of(TestBroker.amqpUrl()), "beat-chaos-it")) {
      Channel channel = connection.createChannel();
      channel.queueDeclare(queue, true, false, false, Map.of());
      DeliverCallback record =
          (tag, delivery) -> {
            Map<String, Object> h = delivery.getProperties().getHeaders();
            ticks.add(
                new Tick(
                    String.valueOf(h.get(BeatMessages.ENTRY_HEADER)),
                    CeleryTime.parse(String.valueOf(h.get(BeatMessages.SCHEDULED_HEADER)))
                        .toInstant(),
                    Instant.now()));
          };
      channel.basicConsume(queue, true, record, tag -> {});
      try {
        for (String name : List.of("a", "b", "c")) {
          beats.add(BeatProcess.start(name, TestBroker.amqpUrl(), args));
        }
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> ticks.stream().anyMatch(t -> t.entry().equals("second")));
        Instant start = ticks.getFirst().received();

        awaitUntil(start.plus(KILL_AT));
        List<BeatProcess> senders = beats.stream().filter(BeatProcess::isSender).toList();
        assertThat(senders).as("beats that say they send").hasSize(1);
        BeatProcess victim = senders.getFirst();
        victim.kill();
        Instant killed = Instant.now();

        awaitUntil(start.plus(WINDOW));
        List<BeatProcess> survivors = beats.stream().filter(b -> b != victim).toList();
        assertThat(survivors.stream().filter(BeatProcess::isSender))
            .as("survivors that took over")
            .hasSize(1);
        for (BeatProcess b : survivors) {
          assertThat(b.stop(Duration.ofSeconds(10))).as("exit code of beat " + b.name()).isZero();
        }
        Instant stopped = Instant.now();
        List<Tick> beforeRestart = List.copyOf(ticks);
        // Longer than the threshold whatever the start-up takes, so the restart always takes the
        // misfire path; the kill above is the short outage, whose missed ticks are all sent.
        awaitUntil(stopped.plus(OUTAGE));

        List<BeatProcess> restarted = new ArrayList<>();
        for (String name : List.of("d", "e", "f")) {
          restarted.add(BeatProcess.start(name, TestBroker.amqpUrl(), args));
        }
        beats.addAll(restarted);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> ticks.size() > beforeRestart.size());
        Instant resumed = ticks.get(beforeRestart.size()).received();
        awaitUntil(resumed.plus(AFTER_RESTART));
        for (BeatProcess b : restarted) {
          b.stop(Duration.ofSeconds(10));
        }
        await().pollDelay(Duration.ofMillis(500)).until(() -> true); // let the last deliveries land

        report(ticks, beforeRestart, start, killed, stopped, resumed, victim.name());
      } finally {
        beats.forEach(BeatProcess::close);
        channel.queueDelete(queue);
        for (String q : List.of(".state", ".status")) {
          channel.queueDelete(group + q);
        }
        Files.deleteIfExists(schedule);
      }
    }
  }

  private static void report(
      List<Tick> all,
      List<Tick> beforeRestart,
      Instant start,
      Instant killed,
      Instant stopped,
      Instant resumed,
      String victim) {
    List<Tick> seconds = only(all, "second");
    List<Tick> secondsBefore = only(beforeRestart, "second");
    int duplicatesBefore = secondsBefore.size() - distinct(secondsBefore).size();
    long missingBefore = missing(distinct(secondsBefore));
    Duration maxGapBefore = maxGap(secondsBefore);
    Instant firstAfterKill =
        secondsBefore.stream()
            .map(Tick::received)
            .filter(r -> r.isAfter(killed))
            .findFirst()
            .orElseThrow();
    Duration failover = Duration.between(killed, firstAfterKill);
    Duration downtime = Duration.between(stopped, resumed);

    // The restart phase, by scheduled time. L: the last tick sent before every beat stopped; the
    // ticks after it were due while no beat ran, the oldest (L + 1 s) is the latest when judged.
    List<Tick> afterRestart = seconds.subList(secondsBefore.size(), seconds.size());
    Instant lastBefore = distinct(secondsBefore).last();
    Instant firstMissed = lastBefore.plus(INTERVAL);
    TreeSet<Instant> restartTimes = distinct(afterRestart);
    int duplicatesAfter = afterRestart.size() - restartTimes.size();
    Instant firstAfter = restartTimes.first();
    // How late the oldest missed tick was when the first message came (the takeover was a little
    // earlier, so this bounds its lateness at the takeover from above).
    Duration oldestLateness = Duration.between(firstMissed, resumed);
    // The ticks sent for the outage: those scheduled up to the first message's arrival, less the
    // regular ticks that fell due while it was on its way (a restarted beat's first publish took
    // 1.0-1.5 s once on a loaded machine, and the next 1 s tick was counted as a second one).
    long dueInFlight = Duration.between(firstAfter, resumed).toMillis() / INTERVAL.toMillis();
    List<Instant> catchUp =
        restartTimes.headSet(resumed.minus(INTERVAL.multipliedBy(dueInFlight)), true).stream()
            .toList();
    boolean collapsed = firstAfter.isAfter(firstMissed);
    long burst =
        afterRestart.stream().filter(t -> t.received().isBefore(resumed.plusSeconds(1))).count();
    Duration maxGapAfter = maxGap(afterRestart);
    long missingAfter = missing(restartTimes);

    List<Tick> minutes = only(all, "minute");
    TreeSet<Instant> minuteTimes = distinct(minutes);
    Instant firstSecond = secondsBefore.getFirst().scheduled();
    List<Instant> expectedMinutes = new ArrayList<>();
    for (Instant m = firstSecond.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        m.isBefore(stopped.minusSeconds(2));
        m = m.plus(1, ChronoUnit.MINUTES)) {
      expectedMinutes.add(m);
    }
    // The minute entry's tick in the outage, if one fell there: run-once sends the latest.
    Instant minuteInOutage = resumed.truncatedTo(ChronoUnit.MINUTES);
    boolean minuteFellInOutage = minuteInOutage.isAfter(lastBefore);
    List<Tick> minutesInOutage =
        minutes.stream()
            .filter(t -> t.scheduled().isAfter(lastBefore) && !t.scheduled().isAfter(resumed))
            .toList();

    System.out.printf(
        "Beat failover drill: %d ticks of the 1 s entry before the restart, %d duplicates,"
            + " %d missing; beat %s killed %d ms in, next tick %d ms later; largest gap before the"
            + " restart %d ms. Restart: all beats down %d ms, oldest missed tick %d ms late;"
            + " %s: %d message(s) for the outage %s, %d in the first second; %d ticks after the"
            + " restart, %d duplicates, largest gap %d ms; minute entry %s (%d duplicates;"
            + " in the outage: %s)%n",
        secondsBefore.size(),
        duplicatesBefore,
        missingBefore,
        victim,
        Duration.between(start, killed).toMillis(),
        failover.toMillis(),
        maxGapBefore.toMillis(),
        downtime.toMillis(),
        oldestLateness.toMillis(),
        collapsed ? "run-once" : "all sent",
        catchUp.size(),
        catchUp,
        burst,
        afterRestart.size(),
        duplicatesAfter,
        maxGapAfter.toMillis(),
        minuteTimes,
        minutes.size() - minuteTimes.size(),
        minuteFellInOutage ? minutesInOutage : "none due");

    // Failover phase.
    assertThat(secondsBefore.size()).as("ticks over the 60 s window").isBetween(55, 66);
    assertThat(duplicatesBefore).as("1 s ticks sent twice").isLessThanOrEqualTo(1);
    assertThat(missingBefore).as("1 s ticks never sent").isLessThanOrEqualTo(1);
    assertThat(maxGapBefore).as("largest gap between 1 s ticks").isLessThan(Duration.ofSeconds(5));
    assertThat(failover).as("from the kill to the next tick").isLessThan(Duration.ofSeconds(5));
    assertThat(minuteTimes).as("minute ticks").containsAll(expectedMinutes);
    assertThat(minuteTimes).allMatch(m -> m.equals(m.truncatedTo(ChronoUnit.MINUTES)));

    // Restart phase, with the default threshold (5 s) and policy (run-once).
    assertThat(duplicatesAfter).as("1 s ticks sent twice after the restart").isZero();
    assertThat(restartTimes.first())
        .as("first tick after the restart comes after the last one before it")
        .isAfter(lastBefore);
    // A long outage: the oldest missed tick was over the threshold late, so every missed tick
    // collapsed into one message (run-once), for the latest due one, within an interval of the
    // takeover; the ticks less than 5 s late were part of the outage and are not sent apart.
    assertThat(oldestLateness).as("lateness of the oldest missed tick").isGreaterThan(THRESHOLD);
    assertThat(collapsed)
        .as("missed ticks collapsed (a tick after the last one is absent)")
        .isTrue();
    assertThat(catchUp).as("messages for a long outage (run-once)").hasSize(1);
    assertThat(firstAfter)
        .as("the run-once message is for the latest due tick")
        .isAfter(resumed.minus(INTERVAL).minus(DELIVERY_SLACK));
    assertThat(burst)
        .as("1 s ticks in the first second after the restart (threshold / interval + 1)")
        .isLessThanOrEqualTo(THRESHOLD.dividedBy(INTERVAL) + 1);
    assertThat(missingAfter).as("1 s ticks missing once sending resumed").isZero();
    assertThat(afterRestart).as("ticks after the restart").hasSizeGreaterThanOrEqualTo(5);
    assertThat(maxGapAfter).as("largest gap after the restart").isLessThan(THRESHOLD);
    assertThat(minutes.size()).as("minute ticks sent twice").isEqualTo(minuteTimes.size());
    if (minuteFellInOutage) {
      assertThat(minutesInOutage)
          .as("the minute tick due while every beat was down runs exactly once")
          .extracting(Tick::scheduled)
          .containsExactly(minuteInOutage);
    } else {
      assertThat(minutesInOutage).as("minute ticks for an outage with none due").isEmpty();
    }
  }

  private static List<Tick> only(List<Tick> ticks, String entry) {
    return ticks.stream().filter(t -> t.entry().equals(entry)).toList();
  }

  private static TreeSet<Instant> distinct(List<Tick> ticks) {
    return ticks.stream().map(Tick::scheduled).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Ticks absent between the first and the last: each step over 1 s is that many less one. */
  private static long missing(TreeSet<Instant> scheduled) {
    long missing = 0;
    Instant previous = null;
    for (Instant t : scheduled) {
      if (previous != null) {
        missing += Duration.between(previous, t).toMillis() / 1000 - 1;
      }
      previous = t;
    }
    return missing;
  }

  private static Duration maxGap(List<Tick> ticks) {
    Duration max = Duration.ZERO;
    for (int i = 1; i < ticks.size(); i++) {
      Duration gap = Duration.between(ticks.get(i - 1).received(), ticks.get(i).received());
      if (gap.compareTo(max) > 0) {
        max = gap;
      }
    }
    return max;
  }

  private static void awaitUntil(Instant when) {
    Duration left = Duration.between(Instant.now(), when);
    if (left.isNegative()) {
      return;
    }
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .atMost(left.plusSeconds(5))
        .until(() -> !Instant.now().isBefore(when));
  }
}
