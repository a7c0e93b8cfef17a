package dev.celeriac.broker.compat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * AMQP 0-9-1 frames and field tables built byte by byte, for tags amqp-client cannot write, and
 * decoded with amqp-client's own reader.
 */
final class Frames {

  static final byte FRAME_END = (byte) 0xCE;

  private Frames() {}

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] frame(int type, int channel, byte[] payload) {
    return concat(
        new byte[] {(byte) type},
        ByteBuffer.allocate(6).putShort((short) channel).putInt(payload.length).array(),
        payload,
        new byte[] {FRAME_END});
  }

  static byte[] heartbeat() {
    return frame(AMQP.FRAME_HEARTBEAT, 0, new byte[0]);
  }

  static byte[] body(int channel, byte[] bytes) {
    return frame(AMQP.FRAME_BODY, channel, bytes);
  }

  /** A method frame with arbitrary arguments; the filter never looks inside. */
  static byte[] method(int channel, byte[] arguments) {
    return frame(AMQP.FRAME_METHOD, channel, concat(new byte[] {0, 60, 0, 60}, arguments));
  }

  /** A basic content header with content-type {@code application/json} and the given headers. */
  static byte[] contentHeader(int channel, long bodySize, byte[] headersTable) {
    return frame(
        AMQP.FRAME_HEADER,
        channel,
        concat(
            ByteBuffer.allocate(14)
                .putShort((short) 60)
                .putShort((short) 0)
                .putLong(bodySize)
                .putShort((short) 0xA000) // content-type and headers present
                .array(),
            shortString("application/json"),
            headersTable));
  }

  static byte[] shortString(String s) {
    byte[] bytes = s.getBytes(UTF_8);
    return concat(new byte[] {(byte) bytes.length}, bytes);
  }

  /** A field table: 4-byte length, then name/value pairs given as name, value, name, value... */
  static byte[] table(Object... namesAndValues) {
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parts.add(shortString((String) namesAndValues[i]));
      parts.add((byte[]) namesAndValues[i + 1]);
    }
    return sized(concat(parts.toArray(byte[][]::new)));
  }

  static byte[] nested(byte[] table) {
    return concat(new byte[] {'F'}, table);
  }

  static byte[] array(byte[]... values) {
    return concat(new byte[] {'A'}, sized(concat(values)));
  }

  static byte[] int64(char tag, long value) {
    return ByteBuffer.allocate(9).put((byte) tag).putLong(value).array();
  }

  static byte[] int32(char tag, int value) {
    return ByteBuffer.allocate(5).put((byte) tag).putInt(value).array();
  }

  static byte[] int16(char tag, short value) {
    return ByteBuffer.allocate(3).put((byte) tag).putShort(value).array();
  }

  static byte[] longString(String s) {
    return concat(new byte[] {'S'}, sized(s.getBytes(UTF_8)));
  }

  static byte[] sized(byte[] content) {
    return concat(ByteBuffer.allocate(4).putInt(content.length).array(), content);
  }

  /** Replaces the byte at {@code index}. */
  static byte[] with(byte[] bytes, int index, char value) {
    byte[] copy = bytes.clone();
    copy[index] = (byte) value;
    return copy;
  }

  /** A content-header frame py-amqp 5.1.1 wrote, from {@code py-amqp/content-header.hex}. */
  static byte[] pyAmqpContentHeader() {
    try (InputStream hex = Frames.class.getResourceAsStream("/py-amqp/content-header.hex")) {
      return HexFormat.of().parseHex(new String(hex.readAllBytes(), UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses frames with amqp-client's reader; content headers come back as properties. */
  static List<Object> decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    List<Object> decoded = new ArrayList<>();
    while (in.available() > 0) {
      Frame frame = Frame.readFrom(in, () -> Integer.MAX_VALUE);
      if (frame.getType() == AMQP.FRAME_HEADER) {
        decoded.add(AMQImpl.readContentHeaderFrom(frame.getInputStream()));
      } else {
        decoded.add(frame.getType());
      }
    }
    return decoded;
  }

  /** The properties of the one content header in {@code bytes}. */
  static AMQP.BasicProperties properties(byte[] bytes) throws IOException {
    return decode(bytes).stream()
        .filter(AMQP.BasicProperties.class::isInstance)
        .map(AMQP.BasicProperties.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** Reads everything through the filter with reads of {@code readSize} bytes. */
  static byte[] readThrough(InputStream source, int readSize) throws IOException {
    try (InputStream in = new FrameFilterInputStream(source)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[readSize];
      int n;
      while ((n = in.read(buffer, 0, readSize)) >= 0) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** A stream that returns its bytes in reads ending exactly at the given positions. */
  static InputStream chunked(byte[] bytes, int... cuts) {
    return new InputStream() {
      private int pos;
      private int cut;

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return -1;
        }
        while (cut < cuts.length && cuts[cut] <= pos) {
          cut++;
        }
        int until = cut < cuts.length ? cuts[cut] : bytes.length;
        int n = Math.min(len, until - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }
}
