package dev.celeriac.broker.compat;

import java.util.Arrays;

/**
 * Rewrites the field-table type tags that other AMQP clients write and the RabbitMQ Java client
 * cannot read into the tags it reads for the same bytes, inside the headers of a content-header
 * frame. amqp-client has no case for an unknown tag: it throws {@code MalformedFrameException} and
 * closes the whole connection, so one message from a Python publisher would take a worker down,
 * again at every redelivery.
 *
 * <p>The tags rewritten are the AMQP 0-9-1 specification's signed integers that RabbitMQ's errata
 * renamed; both keep every length, so no size in the frame changes:
 *
 * <ul>
 *   <li>{@code L} (signed 64-bit) → {@code l}: py-amqp writes it for every Python int outside
 *       ±(2³¹−1) ({@code amqp/serialization.py}, {@code _write_item}).
 *   <li>{@code U} (signed 16-bit) → {@code s}: py-amqp reads it but never writes it; other clients
 *       following the specification may.
 * </ul>
 *
 * Every other tag py-amqp writes ({@code S t d I D T F A V}) amqp-client reads as it is.
 *
 * <p>Works on the payload of a content-header frame of class {@code basic}: skips content-type and
 * content-encoding, then walks the headers table, nested tables and arrays included. When the walk
 * meets anything it does not understand (an unknown tag, a length running past the frame, nesting
 * deeper than {@value #MAX_DEPTH}) it changes nothing, leaving amqp-client to report the frame as
 * it would have.
 */
final class FieldTableTags {

  private static final int BASIC_CLASS = 60;
  private static final int CONTENT_TYPE = 0x8000;
  private static final int CONTENT_ENCODING = 0x4000;
  private static final int HEADERS = 0x2000;

  /** amqp-client reads nested tables recursively too; no real header nests this deep. */
  static final int MAX_DEPTH = 100;

  private FieldTableTags() {}

  /**
   * Rewrites the tags in a content-header payload in place.
   *
   * @return how many tags were rewritten (0 when there were none or the payload was not understood)
   */
  static int rewriteContentHeader(byte[] payload, int offset, int length) {
    int end = offset + length;
    // class-id (2), weight (2), body size (8), then property flags
    if (length < 14 || u16(payload, offset) != BASIC_CLASS) {
      return 0;
    }
    int pos = offset + 12;
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
      Walker walker = new Walker(payload, end);
      if ((flags & CONTENT_TYPE) != 0) {
        pos = walker.shortString(pos, end);
      }
      if ((flags & CONTENT_ENCODING) != 0) {
        pos = walker.shortString(pos, end);
      }
      walker.table(pos, 0);
      for (int i = 0; i < walker.found; i++) {
        int at = walker.positions[i];
        payload[at] = replacement(payload[at]);
      }
      return walker.found;
    } catch (Unsupported e) {
      return 0;
    }
  }

  /** The tag amqp-client reads for the same bytes, or 0 when the tag needs no rewrite. */
  private static byte replacement(byte tag) {
    return switch (tag) {
      case 'L' -> 'l';
      case 'U' -> 's';
      default -> 0;
    };
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

  /** Finds the tags to rewrite; patches nothing itself, so a failed walk is harmless. */
  private static final class Walker {
    private final byte[] b;
    private final int end;
    int[] positions = new int[4];
    int found;

    Walker(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    /** Returns the position after the short string at {@code pos}. */
    int shortString(int pos, int limit) throws Unsupported {
      if (pos >= limit) {
        throw new Unsupported();
      }
      int next = pos + 1 + (b[pos] & 0xff);
      if (next > limit) {
        throw new Unsupported();
      }
      return next;
    }

    /** Walks a table (its 4-byte length, then name/value pairs); returns the position after it. */
    int table(int pos, int depth) throws Unsupported {
      int limit = limit(pos, depth);
      int p = pos + 4;
      while (p < limit) {
        p = shortString(p, limit); // field name
        p = value(p, limit, depth);
      }
      return limit;
    }

    private int array(int pos, int depth) throws Unsupported {
      int limit = limit(pos, depth);
      int p = pos + 4;
      while (p < limit) {
        p = value(p, limit, depth);
      }
      return limit;
    }

    /** Walks one tagged value at {@code pos} (the tag byte); returns the position after it. */
    private int value(int pos, int limit, int depth) throws Unsupported {
      if (pos >= limit) {
        throw new Unsupported();
      }
      int v = pos + 1;
      long next =
          switch (b[pos]) {
            case 'V' -> v;
            case 't', 'b', 'B' -> v + 1;
            case 's', 'u' -> v + 2;
            case 'I', 'i', 'f' -> v + 4;
            case 'D' -> v + 5;
            case 'l', 'd', 'T' -> v + 8;
            case 'S', 'x' -> v + 4L + length(v, limit);
            case 'F' -> table(v, depth + 1);
            case 'A' -> array(v, depth + 1);
            case 'L' -> record(pos, v + 8);
            case 'U' -> record(pos, v + 2);
            default -> throw new Unsupported();
          };
      if (next > limit) {
        throw new Unsupported();
      }
      return (int) next;
    }

    /** The end of the table or array whose 4-byte length is at {@code pos}. */
    private int limit(int pos, int depth) throws Unsupported {
      if (depth > MAX_DEPTH) {
        throw new Unsupported();
      }
      return (int) (pos + 4 + length(pos, end));
    }

    private long length(int pos, int limit) throws Unsupported {
      if (pos + 4 > limit) {
        throw new Unsupported();
      }
      long size = u32(b, pos);
      if (pos + 4 + size > limit) {
        throw new Unsupported();
      }
      return size;
    }

    private int record(int tagPos, int next) {
      if (found == positions.length) {
        positions = Arrays.copyOf(positions, found * 2);
      }
      positions[found++] = tagPos;
      return next;
    }
  }
}
