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
 * every beat is stopped and three start again: no tick lost, none twice, no burst. Everything is
 * judged from the messages received, by their {@code beat_entry} and {@code beat_scheduled}
 * headers.
 */
class BeatFailoverChaosIT {

  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final Duration KILL_AT = Duration.ofSeconds(8);
  private static final Duration AFTER_RESTART = Duration.ofSeconds(6);

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
    // Restarting three JVMs on a busy CI host can take longer than the default 5 s threshold (20 s
    // was seen under load); the drill checks that a restart loses no tick, so ticks that late must
    // still all be sent.
    String[] args = {
      "--schedule", schedule.toString(), "--group", group, "--misfire-threshold", "60s"
    };
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
    int duplicates = seconds.size() - distinct(seconds).size();
    long missing = missing(distinct(seconds));
    Duration maxGapBefore = maxGap(secondsBefore);
    Instant firstAfterKill =
        secondsBefore.stream()
            .map(Tick::received)
            .filter(r -> r.isAfter(killed))
            .findFirst()
            .orElseThrow();
    Duration failover = Duration.between(killed, firstAfterKill);
    List<Tick> afterRestart = seconds.subList(secondsBefore.size(), seconds.size());
    long burst =
        afterRestart.stream().filter(t -> t.received().isBefore(resumed.plusSeconds(1))).count();
    // The ticks due while no beat ran: from the last one sent before the stop to the restart.
    long missedWhileDown =
        Duration.between(secondsBefore.getLast().scheduled(), resumed).toSeconds();
    Duration downtime = Duration.between(stopped, resumed);

    List<Tick> minutes = only(all, "minute");
    TreeSet<Instant> minuteTimes = distinct(minutes);
    Instant firstSecond = secondsBefore.getFirst().scheduled();
    List<Instant> expectedMinutes = new ArrayList<>();
    for (Instant m = firstSecond.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        m.isBefore(stopped.minusSeconds(2));
        m = m.plus(1, ChronoUnit.MINUTES)) {
      expectedMinutes.add(m);
    }

    System.out.printf(
        "Beat failover drill: %d ticks of the 1 s entry (%d before the restart), %d duplicates,"
            + " %d missing; beat %s killed at %s, next tick %d ms later; largest gap before the"
            + " restart %d ms; restart after %d ms down sent %d ticks in its first second (%d due while down);"
            + " minute entry %s (%d duplicates)%n",
        seconds.size(),
        secondsBefore.size(),
        duplicates,
        missing,
        victim,
        Duration.between(start, killed).toMillis() + " ms in",
        failover.toMillis(),
        maxGapBefore.toMillis(),
        downtime.toMillis(),
        burst,
        missedWhileDown,
        minuteTimes,
        minutes.size() - minuteTimes.size());

    assertThat(secondsBefore.size()).as("ticks over the 60 s window").isBetween(55, 66);
    assertThat(duplicates).as("1 s ticks sent twice").isLessThanOrEqualTo(1);
    assertThat(missing).as("1 s ticks never sent").isLessThanOrEqualTo(1);
    assertThat(maxGapBefore).as("largest gap between 1 s ticks").isLessThan(Duration.ofSeconds(5));
    assertThat(failover).as("from the kill to the next tick").isLessThan(Duration.ofSeconds(5));
    // Without a burst the restart sends the ticks it missed while down, and no more.
    assertThat(burst)
        .as("ticks in the first second after the restart")
        .isLessThanOrEqualTo(downtime.toSeconds() + 2);
    assertThat(afterRestart).as("ticks after the restart").hasSizeGreaterThanOrEqualTo(5);
    assertThat(minutes.size()).as("minute ticks sent twice").isEqualTo(minuteTimes.size());
    assertThat(minuteTimes).as("minute ticks").containsAll(expectedMinutes);
    assertThat(minuteTimes).allMatch(m -> m.equals(m.truncatedTo(ChronoUnit.MINUTES)));
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
