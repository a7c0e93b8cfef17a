package dev.celeriac.broker.compat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads AMQP 0-9-1 frames from the broker and passes them on unchanged, except content-header
 * frames, whose headers table gets py-amqp's {@code L} tags rewritten ({@link FieldTableTags})
 * before amqp-client parses them.
 *
 * <p>A frame is {@code type(1) channel(2) size(4) payload(size) end(1)}. Reads go straight into the
 * caller's buffer and are scanned there, so many small frames cost one read, and method, body and
 * heartbeat frames are never copied: for them only the 7-byte frame header is looked at. What
 * cannot be handed over yet is held back in a buffer of this stream: an incomplete frame header,
 * and a content-header frame until it is complete (it is bounded by the negotiated {@code
 * frame_max}, 128 KiB on RabbitMQ by default; larger ones pass through unchanged).
 *
 * <p>Held bytes survive exceptions: amqp-client sets a socket timeout (a quarter of the heartbeat)
 * and retries after a {@link java.net.SocketTimeoutException} at the start of a frame, so a timeout
 * here must lose nothing. Holding back incomplete frame starts also means such timeouts surface at
 * frame boundaries, where amqp-client tolerates them. {@link #available()} counts only bytes that
 * can be handed over at once, since {@link java.io.BufferedInputStream} keeps reading while it is
 * positive and must not block on a held frame.
 *
 * <h2>Concurrency</h2>
 *
 * Not thread-safe; amqp-client reads a connection's socket from one thread.
 */
final class FrameFilterInputStream extends InputStream {

  private static final Logger log = LoggerFactory.getLogger(FrameFilterInputStream.class);

  static final int FRAME_HEADER_SIZE = 7;
  private static final int CONTENT_HEADER_FRAME = 2;
  private static final int FRAME_END_SIZE = 1;
  private static final int INITIAL_BUFFER = 8192;

  /** Far above any broker's frame_max; a bigger content header is passed on untouched. */
  static final int DEFAULT_MAX_HEADER_PAYLOAD = 16 * 1024 * 1024;

  private final InputStream in;
  private final int maxHeaderPayload;

  /** {@code [readyPos, readyEnd)} can be handed over; {@code [readyEnd, heldEnd)} is held. */
  private byte[] buf = new byte[0];

  private int readyPos;
  private int readyEnd;
  private int heldEnd;

  /** Bytes of the current method, body or heartbeat frame that have not been seen yet. */
  private long passThrough;

  private boolean endOfStream;

  FrameFilterInputStream(InputStream in) {
    this(in, DEFAULT_MAX_HEADER_PAYLOAD);
  }

  FrameFilterInputStream(InputStream in, int maxHeaderPayload) {
    this.in = Objects.requireNonNull(in, "in");
    this.maxHeaderPayload = maxHeaderPayload;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (readyPos < readyEnd) {
        int n = Math.min(len, readyEnd - readyPos);
        System.arraycopy(buf, readyPos, b, off, n);
        readyPos += n;
        return n;
      }
      if (readyEnd == heldEnd) {
        // Nothing held: read into the caller's buffer and hand over every complete frame part.
        if (endOfStream) {
          return -1;
        }
        int n = in.read(b, off, len);
        if (n <= 0) {
          return n;
        }
        int releasable = scan(b, off, off + n) - off;
        if (releasable < n) {
          hold(b, off + releasable, n - releasable);
        }
        if (releasable > 0) {
          return releasable;
        }
      } else if (endOfStream) {
        // A truncated frame: hand it over as it is and let amqp-client report it.
        readyEnd = heldEnd;
      } else {
        readMoreOfHeldFrame();
      }
    }
  }

  /**
   * Walks frames in {@code a[from, to)} and rewrites complete content headers in place.
   *
   * @return where the bytes that must be held back start: an incomplete frame header or content
   *     header; {@code to} when none
   */
  private int scan(byte[] a, int from, int to) {
    int p = from;
    while (p < to) {
      if (passThrough > 0) {
        int n = (int) Math.min(passThrough, to - p);
        p += n;
        passThrough -= n;
        continue;
      }
      if (to - p < FRAME_HEADER_SIZE) {
        return p;
      }
      long size = payloadSize(a, p);
      if (a[p] != CONTENT_HEADER_FRAME || size > maxHeaderPayload) {
        p += FRAME_HEADER_SIZE;
        passThrough = size + FRAME_END_SIZE;
        continue;
      }
      int frame = FRAME_HEADER_SIZE + (int) size + FRAME_END_SIZE;
      if (to - p < frame) {
        return p;
      }
      rewrite(a, p, (int) size);
      p += frame;
    }
    return p;
  }

  private static void rewrite(byte[] a, int frameStart, int size) {
    int rewritten = FieldTableTags.rewriteContentHeader(a, frameStart + FRAME_HEADER_SIZE, size);
    if (rewritten > 0 && log.isDebugEnabled()) {
      int channel = ((a[frameStart + 1] & 0xff) << 8) | (a[frameStart + 2] & 0xff);
      log.debug(
          "Rewrote {} py-amqp 'L' header tag(s) to 'l' in a message on channel {}",
          rewritten,
          channel);
    }
  }

  private static long payloadSize(byte[] a, int frameStart) {
    return ((long) (a[frameStart + 3] & 0xff) << 24)
        | ((a[frameStart + 4] & 0xff) << 16)
        | ((a[frameStart + 5] & 0xff) << 8)
        | (a[frameStart + 6] & 0xff);
  }

  /** Keeps {@code a[from, from + n)}, the start of a frame, while nothing else is buffered. */
  private void hold(byte[] a, int from, int n) {
    ensureCapacity(Math.max(n, INITIAL_BUFFER));
    System.arraycopy(a, from, buf, 0, n);
    readyPos = 0;
    readyEnd = 0;
    heldEnd = n;
  }

  /** Reads behind the held frame start, then hands over what became complete. */
  private void readMoreOfHeldFrame() throws IOException {
    int held = heldEnd - readyEnd;
    System.arraycopy(buf, readyEnd, buf, 0, held);
    readyPos = 0;
    readyEnd = 0;
    heldEnd = held;
    int needed =
        held < FRAME_HEADER_SIZE
            ? FRAME_HEADER_SIZE
            : FRAME_HEADER_SIZE + (int) payloadSize(buf, 0) + FRAME_END_SIZE;
    ensureCapacity(Math.max(needed, INITIAL_BUFFER));
    int n = in.read(buf, heldEnd, buf.length - heldEnd);
    if (n < 0) {
      endOfStream = true;
      return;
    }
    heldEnd += n;
    readyEnd = scan(buf, 0, heldEnd);
  }

  private void ensureCapacity(int size) {
    if (buf.length < size) {
      buf = Arrays.copyOf(buf, size);
    }
  }

  /** Only what can be handed over without blocking; never the held bytes. */
  @Override
  public int available() {
    return readyEnd - readyPos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
