package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import java.time.Duration;
import java.util.List;

/**
 * Chord cases every result backend that joins chords must pass, whichever way it joins them (Redis
 * by Celery's join keys, a database by {@code celery.chord_unlock}), run against {@link TestTasks}
 * workers.
 */
public final class ChordCases {

  private ChordCases() {}

  /**
   * A group in the middle of a chain, and one leading it, become chords: the steps after the group
   * get the group's results in order.
   */
  public static void aGroupFollowedByStepsInAChainIsAChord(Celeriac sender, Duration wait) {
    var add = sender.task("it.add", Integer.class);
    Signature<Object> echo = sender.task("it.echo", Object.class).s();
    var group = Canvas.group(add.s(10), add.s(20)).asSignature();

    AsyncResult<Object> middle = Canvas.<Object>chain(add.s(1, 1), group, echo, echo).applyAsync();
    AsyncResult<Object> leading =
        Canvas.<Object>chain(Canvas.group(add.s(1, 1), add.s(2, 2)).asSignature(), echo)
            .applyAsync();

    assertThat(middle.get(wait)).isEqualTo(List.of(12, 22));
    assertThat(leading.get(wait)).isEqualTo(List.of(2, 4));
  }
}
