package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.celeriac.broker.PublishException;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.state.TaskState;
import org.junit.jupiter.api.Test;

/** The decisions of Celery's Redis chord join, against an in-memory join. */
class ChordJoinerTest {

  private final InMemoryChordBackend backend = new InMemoryChordBackend(true);
  private final RecordingBodies bodies = new RecordingBodies();
  private final ChordJoiner joiner = new ChordJoiner(backend, bodies);

  @Test
  void theLastPartAppliesTheBodyOnceWithTheResultsInHeaderOrderAndClearsTheJoin() {
    backend.setChordSize("g", 2);

    joiner.partReturned(
        ChordMessages.member("b", "g", 1), "q", TaskState.SUCCESS, IntNode.valueOf(4));
    assertThat(bodies.applied).isEmpty();
    joiner.partReturned(
        ChordMessages.member("a", "g", 0), "q", TaskState.SUCCESS, IntNode.valueOf(2));

    assertThat(bodies.applied).containsExactly("t.collect[2,4] parent a on q");
    assertThat(bodies.failed).isEmpty();
    assertThat(backend.cleared).containsExactly("g");
  }

  @Test
  void aFailedMemberFailsTheBodyWithCeleryChordErrorAndDoesNotApplyIt() {
    backend.setChordSize("g", 2);
    var boom =
        ResultCodec.encodeException(Failures.python("builtins", "ValueError", "header boom"));

    joiner.partReturned(ChordMessages.member("a", "g", 0), "q", TaskState.FAILURE, boom);
    joiner.partReturned(
        ChordMessages.member("b", "g", 1), "q", TaskState.SUCCESS, IntNode.valueOf(4));

    assertThat(bodies.applied).isEmpty();
    assertThat(bodies.failed).hasSize(1);
    var error = bodies.failed.getFirst();
    assertThat(error.type()).isEqualTo("ChordError");
    assertThat(error.module()).isEqualTo("celery.exceptions");
    assertThat(error.messageText()).isEqualTo("Dependency a raised ValueError('header boom')");
    assertThat(backend.cleared).containsExactly("g");
  }

  @Test
  void aRevokedMemberAlsoStopsTheChord() {
    backend.setChordSize("g", 1);
    var revoked =
        ResultCodec.encodeException(
            Failures.python("celery.exceptions", "TaskRevokedError", "revoked"));

    joiner.partReturned(ChordMessages.member("a", "g", 0), "q", TaskState.REVOKED, revoked);

    assertThat(bodies.failed.getFirst().messageText())
        .isEqualTo("Dependency a raised TaskRevokedError('revoked')");
  }

  @Test
  void aTaskThatIsNotAHeaderMemberOrABackendWithoutAJoinRecordsNothing() {
    joiner.partReturned(
        ChordMessages.member("a", null, null), "q", TaskState.SUCCESS, IntNode.valueOf(1));
    assertThat(backend.joins).isEmpty();

    var noJoin = new InMemoryChordBackend(false);
    noJoin.setChordSize("g", 1);
    new ChordJoiner(noJoin, bodies)
        .partReturned(
            ChordMessages.member("a", "g", 0), "q", TaskState.SUCCESS, IntNode.valueOf(1));
    assertThat(noJoin.joins).isEmpty();
    assertThat(bodies.applied).isEmpty();
  }

  @Test
  void aBackendFailureKeepsTheTaskUnacknowledgedSoItsPartIsRecordedAgain() {
    backend.failure = new CeleriacException("Redis result backend redis://x: down");

    assertThatThrownBy(
            () ->
                joiner.partReturned(
                    ChordMessages.member("a", "g", 0), "q", TaskState.SUCCESS, IntNode.valueOf(1)))
        .isInstanceOf(ResultNotStoredException.class)
        .hasMessageContaining("chord part a of group g")
        .hasMessageContaining("down");
  }

  @Test
  void anUnconfirmedBodyKeepsTheJoinSoTheRequeuedPartCompletesItAgain() {
    backend.setChordSize("g", 1);
    bodies.applyFails = new PublishException("not confirmed");

    assertThatThrownBy(
            () ->
                joiner.partReturned(
                    ChordMessages.member("a", "g", 0), "q", TaskState.SUCCESS, IntNode.valueOf(1)))
        .isInstanceOf(PublishException.class);
    assertThat(backend.cleared).isEmpty();

    bodies.applyFails = null;
    joiner.partReturned(
        ChordMessages.member("a", "g", 0), "q", TaskState.SUCCESS, IntNode.valueOf(1));
    assertThat(bodies.applied).containsExactly("t.collect[1] parent a on q");
  }

  @Test
  void aBodyThatCannotBeSentFailsWithCallbackError() {
    backend.setChordSize("g", 1);
    bodies.applyFails = new ProtocolException("follow-up is a 'weird'");

    joiner.partReturned(
        ChordMessages.member("a", "g", 0), "q", TaskState.SUCCESS, IntNode.valueOf(1));

    assertThat(bodies.failed.getFirst().messageText())
        .isEqualTo("Callback error: ProtocolException(\"follow-up is a 'weird'\")");
  }
}
