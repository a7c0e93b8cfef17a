package dev.celeriac.broker.internal;

/**
 * Rewrites py-amqp's field-table tag {@code L} (a signed 64-bit integer, which py-amqp writes for
 * Python ints outside the 32-bit range) to {@code l}, the tag the RabbitMQ Java client reads for
 * the same 8 bytes. The Java client has no case for {@code L}: it throws {@code
 * MalformedFrameException} and closes the whole connection, so one message from a Python publisher
 * would take a worker down, again at every redelivery.
 *
 * <p>Works on the payload of an AMQP content-header frame (class {@code basic}): skips content-type
 * and content-encoding, then walks the headers table, nested tables and arrays included. The
 * rewrite keeps every length. When the walk meets anything it does not understand it changes
 * nothing, leaving amqp-client to report the frame as it would have.
 */
final class FieldTableTags {

  private static final int CONTENT_TYPE = 0x8000;
  private static final int CONTENT_ENCODING = 0x4000;
  private static final int HEADERS = 0x2000;

  private FieldTableTags() {}

  /**
   * Rewrites {@code L} tags in a content-header payload in place.
   *
   * @return how many tags were rewritten (0 when there were none or the payload was not understood)
   */
  static int rewriteContentHeader(byte[] payload, int offset, int length) {
    int end = offset + length;
    // class-id (2), weight (2), body size (8), then property flags
    int pos = offset + 12;
    if (pos + 2 > end) {
      return 0;
    }
    int flags = u16(payload, pos);
    pos += 2;
    int word = flags;
    while ((word & 1) != 0) { // continuation bit: another flags word follows
      if (pos + 2 > end) {
        return 0;
      }
      word = u16(payload, pos);
      pos += 2;
    }
    if ((flags & HEADERS) == 0) {
      return 0;
    }
    try {
      if ((flags & CONTENT_TYPE) != 0) {
        pos += 1 + u8(payload, pos);
      }
      if ((flags & CONTENT_ENCODING) != 0) {
        pos += 1 + u8(payload, pos);
      }
      Walker walker = new Walker(payload, end);
      walker.table(pos);
      for (int i = 0; i < walker.found; i++) {
        payload[walker.positions[i]] = 'l';
      }
      return walker.found;
    } catch (Unsupported e) {
      return 0;
    }
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  private static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  /** Something the walker does not understand: leave the frame alone. */
  private static final class Unsupported extends Exception {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  /**
   * Finds the positions of {@code L} tags; patches nothing itself, so a failed walk is harmless.
   */
  private static final class Walker {
    private final byte[] b;
    private final int end;
    int[] positions = new int[4];
    int found;

    Walker(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    /** Walks a table at {@code pos}; returns the position after it. */
    int table(int pos) throws Unsupported {
      long size = length(pos);
      int limit = (int) (pos + 4 + size);
      int p = pos + 4;
      while (p < limit) {
        check(p + 1);
        p += 1 + u8(b, p); // field name
        p = value(p, limit);
      }
      if (p != limit) {
        throw new Unsupported();
      }
      return limit;
    }

    private int array(int pos) throws Unsupported {
      long size = length(pos);
      int limit = (int) (pos + 4 + size);
      int p = pos + 4;
      while (p < limit) {
        p = value(p, limit);
      }
      if (p != limit) {
        throw new Unsupported();
      }
      return limit;
    }

    /** Walks one tagged value at {@code pos} (the tag byte); returns the position after it. */
    private int value(int pos, int limit) throws Unsupported {
      if (pos >= limit) {
        throw new Unsupported();
      }
      int v = pos + 1;
      int next =
          switch (b[pos]) {
            case 'V' -> v;
            case 't', 'b', 'B' -> v + 1;
            case 's', 'u', 'U' -> v + 2;
            case 'I', 'i', 'f' -> v + 4;
            case 'l', 'd', 'T' -> v + 8;
            case 'L' -> {
              record(pos);
              yield v + 8;
            }
            case 'D' -> v + 5;
            case 'S', 'x' -> (int) (v + 4 + length(v));
            case 'F' -> table(v);
            case 'A' -> array(v);
            default -> throw new Unsupported();
          };
      if (next > limit) {
        throw new Unsupported();
      }
      return next;
    }

    private long length(int pos) throws Unsupported {
      check(pos + 4);
      long size = u32(b, pos);
      if (pos + 4 + size > end) {
        throw new Unsupported();
      }
      return size;
    }

    private void check(int needed) throws Unsupported {
      if (needed > end) {
        throw new Unsupported();
      }
    }

    private void record(int pos) {
      if (found == positions.length) {
        positions = java.util.Arrays.copyOf(positions, found * 2);
      }
      positions[found++] = pos;
    }
  }
}
