package dev.celeriac.beat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.beat.schedule.Every;
import dev.celeriac.broker.BrokerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Election, takeover and the record-then-send order, with a fake broker and a settable clock. */
class BeatCoreTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T);
  private final FakeBeatBroker.Shared broker = new FakeBeatBroker.Shared();
  private final BeatEntry everySecond =
      new BeatEntry("tick", "tasks.tick", Every.seconds(1), null, null, null, null, null, null);

  private BeatCore beat(String name) {
    BeatSettings settings =
        BeatSettings.builder()
            .broker(BrokerSettings.of("amqp://localhost"))
            .entry(everySecond)
            .identity(name)
            .build();
    return new BeatCore(settings, new FakeBeatBroker(broker, name), clock);
  }

  @Test
  void onlyTheLockHolderSends() {
    BeatCore a = beat("a");
    BeatCore b = beat("b");
    a.step();
    b.step();
    clock.set(T.plusMillis(1001));
    a.step();
    b.step();
    assertThat(a.role()).isEqualTo(BeatRole.SENDING);
    assertThat(b.role()).isEqualTo(BeatRole.STANDBY);
    assertThat(broker.sent).containsExactly("tick " + T.plusSeconds(1));
  }

  @Test
  void recordsTheLastRunBeforeSendingTheTick() {
    BeatCore a = beat("a");
    a.step();
    clock.set(T.plusMillis(1001));
    a.step();
    assertThat(broker.events)
        .containsExactly("record {tick=" + T.plusSeconds(1) + "}", "send tick " + T.plusSeconds(1));
  }

  @Test
  void aSuccessorResumesAfterTheRecordedLastRunAndSkipsNone() {
    BeatCore a = beat("a");
    BeatCore b = beat("b");
    a.step();
    clock.set(T.plusMillis(3001));
    a.step(); // sends T+1..T+3
    broker.holder = null; // a is killed: the broker frees the lock
    clock.set(T.plusMillis(5500));
    b.step();
    assertThat(broker.sent)
        .containsExactly(
            "tick " + T.plusSeconds(1),
            "tick " + T.plusSeconds(2),
            "tick " + T.plusSeconds(3),
            "tick " + T.plusSeconds(4),
            "tick " + T.plusSeconds(5));
  }

  @Test
  void aSenderThatLosesItsConnectionStandsByAndSendsNoTickTwice() {
    BeatCore a = beat("a");
    BeatCore b = beat("b");
    FakeBeatBroker aBroker = (FakeBeatBroker) field(a);
    a.step();
    clock.set(T.plusMillis(1001));
    a.step();
    aBroker.failNextSend = true;
    clock.set(T.plusMillis(2001));
    a.step(); // recorded T+2, then lost the connection before the tick was sent
    assertThat(a.role()).isEqualTo(BeatRole.STANDBY);
    assertThat(aBroker.releases).isEqualTo(1);
    b.step();
    clock.set(T.plusMillis(3001));
    b.step();
    // T+2 was recorded but not sent: lost, never duplicated (docs/beat.md).
    assertThat(broker.sent).containsExactly("tick " + T.plusSeconds(1), "tick " + T.plusSeconds(3));
  }

  @Test
  void aRestartOfEveryBeatNeitherBurstsNorLosesATick() {
    broker.state = new java.util.HashMap<>(Map.of("tick", T));
    clock.set(T.plusMillis(3200)); // every beat was down for 3.2 s, under the threshold
    BeatCore a = beat("a");
    a.step();
    assertThat(broker.sent)
        .containsExactly(
            "tick " + T.plusSeconds(1), "tick " + T.plusSeconds(2), "tick " + T.plusSeconds(3));
    broker.sent.clear();
    broker.holder = null;
    clock.set(T.plus(Duration.ofHours(1)).plusMillis(100)); // down for an hour: run once
    BeatCore b = beat("b");
    b.step();
    assertThat(broker.sent).containsExactly("tick " + T.plus(Duration.ofHours(1)));
  }

  @Test
  void aBeatAskedToStopTakesNoLock() {
    BeatCore a = beat("a");
    a.requestStop();
    a.step();
    assertThat(a.role()).isEqualTo(BeatRole.STANDBY);
    assertThat(broker.holder).isNull();
  }

  @Test
  void waitsUntilTheNextTick() {
    BeatCore a = beat("a");
    a.step();
    clock.set(T.plusMillis(400));
    assertThat(a.step()).isEqualTo(Duration.ofMillis(600));
  }

  private static BeatBroker field(BeatCore core) {
    try {
      var f = BeatCore.class.getDeclaredField("broker");
      f.setAccessible(true);
      return (BeatBroker) f.get(core);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
