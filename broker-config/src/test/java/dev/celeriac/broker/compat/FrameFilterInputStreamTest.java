package dev.celeriac.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
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

  /** Heartbeats, methods, bodies and content headers as py-amqp and RabbitMQ send them. */
  private static byte[] pythonTraffic() {
    return Frames.concat(
        Frames.heartbeat(),
        Frames.method(1, new byte[] {1, 2, 3}),
        Frames.pyAmqpContentHeader(),
        Frames.body(1, "[1,2]".getBytes()),
        Frames.method(2, new byte[0]),
        Frames.contentHeader(
            2,
            9,
            Frames.table(
                "n", Frames.nested(Frames.table("big", Frames.int64('L', BIG))),
                "a", Frames.array(Frames.int64('L', -BIG)))),
        // A body whose bytes look like a content header with an L tag: it must stay as it is.
        Frames.body(2, Frames.contentHeader(2, 0, Frames.table("b", Frames.int64('L', BIG)))),
        Frames.heartbeat());
  }

  private static byte[] rewrittenOnce(byte[] traffic) throws IOException {
    byte[] expected = Frames.readThrough(new ByteArrayInputStream(traffic), 1 << 16);
    assertThat(Frames.decode(expected)).hasSize(8);
    assertThat(expected).isNotEqualTo(traffic);
    return expected;
  }

  @Test
  void rewritesOnlyContentHeadersAndLeavesBodiesThatLookLikeThemAlone() throws IOException {
    byte[] traffic = pythonTraffic();
    byte[] out = rewrittenOnce(traffic);

    int changed = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] != traffic[i]) {
        assertThat((char) traffic[i]).isEqualTo('L');
        assertThat((char) out[i]).isEqualTo('l');
        changed++;
      }
    }
    assertThat(changed).isEqualTo(7 + 2);
    byte[] lastBody =
        Frames.body(2, Frames.contentHeader(2, 0, Frames.table("b", Frames.int64('L', BIG))));
    assertThat(Arrays.copyOfRange(out, out.length - 8 - lastBody.length, out.length - 8))
        .isEqualTo(lastBody);
    AMQP.BasicProperties second = (AMQP.BasicProperties) Frames.decode(out).get(5);
    assertThat(second.getHeaders().get("a")).isEqualTo(List.of(-BIG));
  }

  @Test
  void givesTheSameBytesWhereverTheSourceSplitsItsReads() throws IOException {
    byte[] traffic = pythonTraffic();
    byte[] expected = rewrittenOnce(traffic);
    for (int i = 1; i < traffic.length; i++) {
      for (int j = i; j < traffic.length; j += 7) {
        assertThat(Frames.readThrough(Frames.chunked(traffic, i, j), 8192))
            .as("reads cut at %d and %d", i, j)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void givesTheSameBytesWhateverTheCallersBufferSize() throws IOException {
    byte[] traffic = pythonTraffic();
    byte[] expected = rewrittenOnce(traffic);
    for (int size : new int[] {1, 2, 6, 7, 8, 13, 64, 300}) {
      assertThat(Frames.readThrough(Frames.chunked(traffic, 5, 40, 41, 200), size))
          .as("reads of %d bytes", size)
          .isEqualTo(expected);
    }
  }

  @Test
  void handsOverManyFramesInOneRead() throws IOException {
    byte[] traffic = pythonTraffic();
    byte[] expected = rewrittenOnce(traffic);
    InputStream in = new FrameFilterInputStream(new ByteArrayInputStream(traffic));
    byte[] buffer = new byte[traffic.length + 10];

    assertThat(in.read(buffer, 0, buffer.length)).isEqualTo(traffic.length);
    assertThat(Arrays.copyOf(buffer, traffic.length)).isEqualTo(expected);
  }

  @Test
  void streamsABodyFrameWithoutWaitingForAllOfIt() throws IOException {
    byte[] bigBody = Frames.body(1, new byte[1 << 20]);
    int firstChunk = 64 * 1024;
    InputStream source =
        new ByteArrayInputStream(bigBody, 0, firstChunk) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            if (available() == 0) {
              throw new AssertionError("read past the first chunk before handing it over");
            }
            return super.read(b, off, len);
          }
        };
    InputStream in = new FrameFilterInputStream(source);
    byte[] buffer = new byte[1 << 21];

    assertThat(in.read(buffer, 0, buffer.length)).isEqualTo(firstChunk);
  }

  @Test
  void rewritesAContentHeaderLargerThanTheReadBuffers() throws IOException {
    Object[] entries = new Object[2 * 5000];
    for (int i = 0; i < 5000; i++) {
      entries[2 * i] = "k" + i;
      entries[2 * i + 1] = Frames.int64('L', BIG + i);
    }
    byte[] header = Frames.contentHeader(1, 0, Frames.table(entries));
    assertThat(header.length).isGreaterThan(60_000);
    int[] cuts = new int[header.length / 1000];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = 1 + i * 1000;
    }

    byte[] out = Frames.readThrough(Frames.chunked(header, cuts), 8192);

    assertThat(Frames.properties(out).getHeaders())
        .hasSize(5000)
        .containsEntry("k4999", BIG + 4999);
  }

  @Test
  void passesAContentHeaderAboveTheSizeLimitOnUnchanged() throws IOException {
    byte[] header = Frames.contentHeader(1, 0, Frames.table("big", Frames.int64('L', BIG)));
    InputStream in = new FrameFilterInputStream(new ByteArrayInputStream(header), 16);

    assertThat(in.readAllBytes()).isEqualTo(header);
  }

  @Test
  void losesNoBytesWhenTheSocketTimesOutInsideAFrame() throws IOException {
    byte[] traffic = pythonTraffic();
    byte[] expected = rewrittenOnce(traffic);
    int[] cuts = {3, 20, 60, 61, 150};
    InputStream source =
        new InputStream() {
          private final InputStream chunks = Frames.chunked(traffic, cuts);
          private boolean timeOutNext = true;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            // Every other read times out, as a socket with SO_TIMEOUT does on a slow broker.
            timeOutNext = !timeOutNext;
            if (timeOutNext) {
              throw new SocketTimeoutException("Read timed out");
            }
            return chunks.read(b, off, len);
          }
        };
    InputStream in = new FrameFilterInputStream(source);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[100];
    int timeouts = 0;
    while (true) {
      try {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
      } catch (SocketTimeoutException e) {
        timeouts++;
      }
    }

    assertThat(timeouts).isGreaterThan(3);
    assertThat(out.toByteArray()).isEqualTo(expected);
  }

  @Test
  void countsOnlyBytesItCanHandOverAsAvailable() throws IOException {
    byte[] header = Frames.contentHeader(1, 0, Frames.table("big", Frames.int64('L', BIG)));
    byte[] traffic = Frames.concat(Frames.heartbeat(), header);
    InputStream in = new FrameFilterInputStream(Frames.chunked(traffic, 10, 20));
    byte[] buffer = new byte[100];

    // The first read ends inside the content header: the heartbeat goes, the rest is held.
    assertThat(in.read(buffer, 0, buffer.length)).isEqualTo(8);
    assertThat(in.available()).isZero();
  }

  @Test
  void handsOverATruncatedFrameAtTheEndOfTheStream() throws IOException {
    byte[] header = Frames.contentHeader(1, 0, Frames.table("big", Frames.int64('L', BIG)));
    byte[] truncated = Arrays.copyOf(header, header.length - 3);

    assertThat(Frames.readThrough(Frames.chunked(truncated, 4), 64)).isEqualTo(truncated);
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
