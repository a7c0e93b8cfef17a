package dev.celeriac.broker.compat;

import static dev.celeriac.broker.compat.Frames.array;
import static dev.celeriac.broker.compat.Frames.contentHeader;
import static dev.celeriac.broker.compat.Frames.int16;
import static dev.celeriac.broker.compat.Frames.int32;
import static dev.celeriac.broker.compat.Frames.int64;
import static dev.celeriac.broker.compat.Frames.longString;
import static dev.celeriac.broker.compat.Frames.nested;
import static dev.celeriac.broker.compat.Frames.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.MalformedFrameException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTableTagsTest {

  private static final long BIG = 1L << 40;

  /** Runs the rewrite on the payload of the one frame in {@code frame}; returns the count. */
  private static int rewrite(byte[] frame) {
    return FieldTableTags.rewriteContentHeader(frame, 7, frame.length - 8);
  }

  @Test
  void rewritesLongTagAtTheTopLevelOfTheHeaders() throws Exception {
    byte[] python =
        contentHeader(1, 5, table("task", longString("t"), "x-big-int", int64('L', BIG)));
    byte[] java = contentHeader(1, 5, table("task", longString("t"), "x-big-int", int64('l', BIG)));

    assertThat(rewrite(python)).isEqualTo(1);

    assertThat(python).isEqualTo(java);
    assertThat(Frames.properties(python).getHeaders()).containsEntry("x-big-int", BIG);
  }

  @Test
  void rewritesLongTagsInNestedTablesAndArrays() throws Exception {
    byte[] python =
        contentHeader(
            1,
            5,
            table(
                "stamps",
                nested(table("deep", nested(table("deeper", int64('L', -BIG))))),
                "list",
                array(int32('I', 1), int64('L', BIG), array(int64('L', BIG + 1)))));

    assertThat(rewrite(python)).isEqualTo(3);

    Map<String, Object> headers = Frames.properties(python).getHeaders();
    assertThat(headers.get("stamps")).isEqualTo(Map.of("deep", Map.of("deeper", -BIG)));
    assertThat(headers.get("list")).isEqualTo(List.of(1, BIG, List.of(BIG + 1)));
  }

  @Test
  void rewritesTheSpecificationsSignedShortTagToAmqpClientsShort() throws Exception {
    byte[] frame = contentHeader(1, 0, table("short", int16('U', (short) -5)));

    assertThat(rewrite(frame)).isEqualTo(1);

    assertThat(Frames.properties(frame).getHeaders()).containsEntry("short", (short) -5);
  }

  /**
   * Why this package exists. If this fails, the amqp-client on the class path reads {@code L} and
   * {@code U} itself: delete the package, as its package-info says.
   */
  @Test
  void amqpClientStillCannotReadTheTagsThisPackageRewrites() {
    Map<Character, byte[]> frames =
        Map.of(
            'L', contentHeader(1, 0, table("big", int64('L', BIG))),
            'U', contentHeader(1, 0, table("short", int16('U', (short) -5))));

    frames.forEach(
        (tag, frame) ->
            assertThatThrownBy(() -> Frames.properties(frame))
                .as("amqp-client reads tag %s now; dev.celeriac.broker.compat can go", tag)
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("Unrecognised type in table"));
  }

  @Test
  void makesEveryTagPyAmqpWritesReadableByAmqpClient() throws Exception {
    byte[] frame = Frames.pyAmqpContentHeader();
    assertThatThrownBy(() -> Frames.properties(frame))
        .as("the captured frame must fail without the rewrite, or this test proves nothing")
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("Unrecognised type in table");

    assertThat(rewrite(frame)).isEqualTo(7);

    var properties = Frames.properties(frame);
    assertThat(properties.getContentType()).isEqualTo("application/json");
    assertThat(properties.getCorrelationId()).isEqualTo("id-1");
    assertThat(properties.getReplyTo()).isEqualTo("reply-queue");
    Map<String, Object> headers = properties.getHeaders();
    assertThat(headers.get("x-big-int")).isEqualTo(BIG);
    assertThat(headers.get("x-negative")).isEqualTo(-BIG);
    assertThat(headers.get("x-min-int32")).isEqualTo((long) Integer.MIN_VALUE);
    assertThat(headers.get("small")).isEqualTo(7);
    assertThat(headers.get("nested"))
        .isEqualTo(
            Map.of(
                "deep",
                1L << 35,
                "list",
                Arrays.asList(1L << 33, longStringOf(headers, "x"), null, true, 1.5)));
    assertThat(headers.get("list")).isEqualTo(List.of(1, BIG, List.of(1L << 41)));
    assertThat(headers.get("decimal")).isEqualTo(new BigDecimal("1.25"));
    assertThat(headers.get("when")).isEqualTo(new Date(1_893_553_445_000L));
    assertThat(headers.get("text")).hasToString("h\u00e9llo");
    assertThat(headers).containsEntry("none", null).containsEntry("flag", false);
  }

  /** amqp-client's LongString equals only another LongString; take the one it decoded. */
  @SuppressWarnings("unchecked")
  private static LongString longStringOf(Map<String, Object> headers, String expected) {
    List<Object> list = (List<Object>) ((Map<String, Object>) headers.get("nested")).get("list");
    assertThat(list.get(1)).hasToString(expected);
    return (LongString) list.get(1);
  }

  @Test
  void changesNothingWhenTheTableHoldsAnUnknownTag() {
    byte[] frame = contentHeader(1, 5, table("big", int64('L', BIG), "odd", int32('Z', 1)));
    byte[] before = frame.clone();

    assertThat(rewrite(frame)).isZero();

    assertThat(frame).isEqualTo(before);
  }

  @Test
  void changesNothingWhenALengthRunsPastTheFrame() {
    byte[] frame = contentHeader(1, 5, table("big", int64('L', BIG), "s", longString("abc")));
    // The long string's length (4 bytes before "abc", 4 bytes before the frame end) grows to 200.
    frame[frame.length - 1 - 3 - 1] = (byte) 200;
    byte[] before = frame.clone();

    assertThat(rewrite(frame)).isZero();

    assertThat(frame).isEqualTo(before);
  }

  @Test
  void changesNothingInTablesNestedDeeperThanAmqpClientWouldReasonablyRead() {
    byte[] deep = table("big", int64('L', BIG));
    for (int i = 0; i <= FieldTableTags.MAX_DEPTH; i++) {
      deep = table("n", nested(deep));
    }
    byte[] frame = contentHeader(1, 5, deep);
    byte[] before = frame.clone();

    assertThat(rewrite(frame)).isZero();

    assertThat(frame).isEqualTo(before);
  }

  @Test
  void changesNothingInAContentHeaderOfAnotherClass() {
    byte[] frame = contentHeader(1, 5, table("big", int64('L', BIG)));
    frame[8] = 50; // class-id 60 (basic) -> 50 (queue), which has no content
    byte[] before = frame.clone();

    assertThat(rewrite(frame)).isZero();

    assertThat(frame).isEqualTo(before);
  }
}
