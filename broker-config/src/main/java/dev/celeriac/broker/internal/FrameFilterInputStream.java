package dev.celeriac.broker.internal;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads AMQP 0-9-1 frames from the broker and passes them on unchanged, except content-header
 * frames, whose headers table gets py-amqp's {@code L} tags rewritten ({@link FieldTableTags}).
 * Method, body and heartbeat frames stream through without being buffered; a content header is
 * small (it fits a frame) and is buffered whole.
 *
 * <h2>Concurrency</h2>
 *
 * Not thread-safe; amqp-client reads a connection's socket from one thread.
 */
final class FrameFilterInputStream extends FilterInputStream {

  private static final int HEADER_FRAME = 2;
  private static final int FRAME_HEADER_SIZE = 7;

  private byte[] ready = new byte[0];
  private int readyPos;
  private long passThrough;

  FrameFilterInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (readyPos < ready.length) {
      int n = Math.min(length, ready.length - readyPos);
      System.arraycopy(ready, readyPos, buffer, offset, n);
      readyPos += n;
      return n;
    }
    if (passThrough > 0) {
      int n = in.read(buffer, offset, (int) Math.min(length, passThrough));
      if (n > 0) {
        passThrough -= n;
      }
      return n;
    }
    if (!nextFrame()) {
      return -1;
    }
    return read(buffer, offset, length);
  }

  /** Reads the next frame's header and decides how to pass the frame on. False at end of stream. */
  private boolean nextFrame() throws IOException {
    byte[] header = new byte[FRAME_HEADER_SIZE];
    int got = readFully(header, 0, FRAME_HEADER_SIZE);
    if (got == 0) {
      return false;
    }
    if (got < FRAME_HEADER_SIZE) {
      // A truncated frame: hand over what there is and let amqp-client report it.
      ready = java.util.Arrays.copyOf(header, got);
      readyPos = 0;
      return true;
    }
    long size =
        ((long) (header[3] & 0xff) << 24)
            | ((header[4] & 0xff) << 16)
            | ((header[5] & 0xff) << 8)
            | (header[6] & 0xff);
    if (header[0] != HEADER_FRAME || size > 16 * 1024 * 1024) {
      ready = header;
      readyPos = 0;
      passThrough = size + 1; // payload and frame-end octet
      return true;
    }
    byte[] frame = new byte[FRAME_HEADER_SIZE + (int) size + 1];
    System.arraycopy(header, 0, frame, 0, FRAME_HEADER_SIZE);
    int body = readFully(frame, FRAME_HEADER_SIZE, (int) size + 1);
    if (body < size + 1) {
      ready = java.util.Arrays.copyOf(frame, FRAME_HEADER_SIZE + body);
      readyPos = 0;
      if (ready.length == FRAME_HEADER_SIZE) {
        throw new EOFException("connection closed inside a content-header frame");
      }
      return true;
    }
    FieldTableTags.rewriteContentHeader(frame, FRAME_HEADER_SIZE, (int) size);
    ready = frame;
    readyPos = 0;
    return true;
  }

  /** Reads until {@code length} bytes or the end of the stream; returns how many were read. */
  private int readFully(byte[] buffer, int offset, int length) throws IOException {
    int total = 0;
    while (total < length) {
      int n = in.read(buffer, offset + total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public int available() throws IOException {
    return readyPos < ready.length
        ? ready.length - readyPos
        : passThrough > 0 ? (int) Math.min(passThrough, in.available()) : 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported on an AMQP frame stream");
  }
}
