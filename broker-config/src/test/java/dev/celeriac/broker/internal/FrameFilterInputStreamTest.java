package dev.celeriac.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameFilterInputStreamTest {

  private static final long BIG = 1L << 40;

  /**
   * Frames as amqp-client writes them: a content header with longs everywhere, a body, a heartbeat.
   */
  private static byte[] javaFrames() throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("deep", BIG);
    nested.put("text", "hi");
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("task", "tasks.add");
    headers.put("x-big-int", BIG);
    headers.put("nested", nested);
    headers.put("list", List.of(1, BIG, "x", List.of(BIG)));
    headers.put("none", null);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .headers(headers)
            .deliveryMode(2)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    new Frame(AMQP.FRAME_HEARTBEAT, 0).writeTo(out);
    props.toFrame(1, 5).writeTo(out);
    Frame.fromBodyFragment(1, java.nio.ByteBuffer.wrap("[1,2]".getBytes()), 0, 5).writeTo(out);
    new Frame(AMQP.FRAME_HEARTBEAT, 0).writeTo(out);
    out.flush();
    return bytes.toByteArray();
  }

  /** What py-amqp sends for the same values: the tag {@code L} instead of {@code l}. */
  private static byte[] asPyAmqpWritesIt(byte[] java) {
    byte[] bytes = java.clone();
    byte[] value = {0, 0, 1, 0, 0, 0, 0, 0}; // 2^40 big-endian
    int patched = 0;
    for (int i = 0; i + 9 <= bytes.length; i++) {
      if (bytes[i] == 'l' && Arrays.equals(bytes, i + 1, i + 9, value, 0, 8)) {
        bytes[i] = 'L';
        patched++;
      }
    }
    assertThat(patched).isEqualTo(4);
    return bytes;
  }

  private static byte[] readAll(InputStream in, Random chunks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64];
    int n;
    while ((n = in.read(buffer, 0, 1 + chunks.nextInt(buffer.length))) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** An input stream that returns at most {@code step} bytes per read, like a slow socket. */
  private static InputStream trickle(byte[] bytes, int step) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  @Test
  void rewritesPyAmqpLongTagsToWhatAmqpClientWrites() throws IOException {
    byte[] java = javaFrames();
    byte[] python = asPyAmqpWritesIt(java);
    assertThat(readAll(new FrameFilterInputStream(new ByteArrayInputStream(python)), new Random(1)))
        .isEqualTo(java);
  }

  @Test
  void worksWhateverTheReadBoundaries() throws IOException {
    byte[] java = javaFrames();
    byte[] python = asPyAmqpWritesIt(java);
    for (int step = 1; step <= 13; step++) {
      assertThat(readAll(new FrameFilterInputStream(trickle(python, step)), new Random(step)))
          .isEqualTo(java);
    }
  }

  @Test
  void passesFramesWithoutLongTagsThroughUnchanged() throws IOException {
    byte[] java = javaFrames();
    assertThat(readAll(new FrameFilterInputStream(new ByteArrayInputStream(java)), new Random(2)))
        .isEqualTo(java);
  }

  @Test
  void leavesAFrameItCannotWalkUntouched() throws IOException {
    byte[] python = asPyAmqpWritesIt(javaFrames());
    byte[] weird = python.clone();
    // Turn the 'S' tag of the "task" header into an unknown tag: the walk stops, nothing changes.
    int task = indexOf(weird, "task".getBytes());
    weird[task + 4] = 'Z';
    assertThat(readAll(new FrameFilterInputStream(new ByteArrayInputStream(weird)), new Random(3)))
        .isEqualTo(weird);
  }

  @Test
  void endOfStreamIsReported() throws IOException {
    assertThat(new FrameFilterInputStream(new ByteArrayInputStream(new byte[0])).read())
        .isEqualTo(-1);
    List<Integer> bytes = new ArrayList<>();
    InputStream in =
        new FrameFilterInputStream(
            new ByteArrayInputStream(new byte[] {8, 0, 0, 0, 0, 0, 0, (byte) 0xCE}));
    int b;
    while ((b = in.read()) >= 0) {
      bytes.add(b);
    }
    assertThat(bytes).containsExactly(8, 0, 0, 0, 0, 0, 0, 0xCE);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
