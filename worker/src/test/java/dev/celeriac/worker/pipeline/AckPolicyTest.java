package dev.celeriac.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.worker.pipeline.Disposition.Action;
import org.junit.jupiter.api.Test;

class AckPolicyTest {

  @Test
  void acknowledgesTasksThatRanOrWereRevoked() {
    assertThat(AckPolicy.decide(new Outcome.Succeeded()).action()).isEqualTo(Action.ACK);
    assertThat(AckPolicy.decide(new Outcome.Failed(new RuntimeException("x"))).action())
        .isEqualTo(Action.ACK);
    assertThat(AckPolicy.decide(new Outcome.Revoked("expired")).action()).isEqualTo(Action.ACK);
  }

  @Test
  void deadLettersMessagesThatCanNeverSucceedWithTheReason() {
    Disposition undecodable =
        AckPolicy.decide(new Outcome.Undecodable("body must be a JSON array"));
    assertThat(undecodable.action()).isEqualTo(Action.DEAD_LETTER);
    assertThat(undecodable.reason()).contains("body must be a JSON array");

    Disposition unknown = AckPolicy.decide(new Outcome.NotRegistered("tasks.nope"));
    assertThat(unknown.action()).isEqualTo(Action.DEAD_LETTER);
    assertThat(unknown.reason()).contains("tasks.nope");

    assertThat(AckPolicy.decide(new Outcome.BadArguments("missing 'y'")).action())
        .isEqualTo(Action.DEAD_LETTER);
    assertThat(AckPolicy.decide(new Outcome.Rejected("negative total")).reason())
        .isEqualTo("rejected by the task: negative total");
    assertThat(AckPolicy.decide(new Outcome.Poison("delivered 6 times")).action())
        .isEqualTo(Action.DEAD_LETTER);
  }

  @Test
  void requeuesWhatDidNotFinishHere() {
    assertThat(AckPolicy.decide(new Outcome.Interrupted()).action()).isEqualTo(Action.REQUEUE);
  }

  @Test
  void putsBackUncountedATaskWhoseResultWasNotStored() {
    var decision = AckPolicy.decide(new Outcome.ResultNotPublished("redis down"));
    assertThat(decision.action()).isEqualTo(Action.PUT_BACK);
    assertThat(decision.reason()).isEqualTo("result not stored: redis down");
  }
}
