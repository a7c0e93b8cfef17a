package dev.celeriac.backend.db.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes values as Python 3's pickler does with protocol 5 (SQLAlchemy's {@code PickleType} uses
 * {@code pickle.HIGHEST_PROTOCOL}), byte for byte for tree-shaped data: the {@code PROTO 5} header,
 * 64 KiB frames, {@code MEMOIZE} after every string, list, dict and tuple, and lists and dicts
 * filled in batches of 1,000 ({@code APPENDS}/{@code SETITEMS}, or {@code APPEND}/{@code SETITEM}
 * for a batch of one), as CPython's {@code _pickle.c} does.
 *
 * <p>Only the opcodes of JSON-shaped data are written, plus {@link Call}: a call of a module-level
 * name ({@code STACK_GLOBAL}, {@code REDUCE}), which a saved group needs. Nothing Celeriac writes
 * runs code in Python beyond constructing Celery's own result classes.
 *
 * <p>Not thread-safe; one instance per value.
 */
public final class PickleWriter {

  /** A call {@code module.name(*args)}, pickled as {@code STACK_GLOBAL}, args tuple, REDUCE. */
  public record Call(String module, String name, List<Object> args) {}

  /** A Python tuple, as distinct from a list. */
  public record Tuple(List<Object> items) {}

  static final int FRAME_SIZE_TARGET = 64 * 1024;
  private static final int FRAME_SIZE_MIN = 4;
  private static final int FRAME_HEADER_SIZE = 9;
  private static final int BATCH = 1000;

  private final Buffer out = new Buffer();
  private boolean framing;
  private int frameStart = -1;

  private PickleWriter() {}

  /**
   * The pickle of a JSON value; arrays become lists, objects dicts, numbers int or float.
   *
   * @param tuplePaths object keys whose array value is written as a tuple (an exception's {@code
   *     exc_message}, which Celery stores as {@code exc.args}, a tuple), at the top level only
   */
  public static byte[] json(JsonNode value, List<String> tuplePaths) {
    return of(fromJson(value, tuplePaths, true));
  }

  /**
   * The pickle of a value built from null, Boolean, Integer, Long, BigInteger, Double, String,
   * {@link List}, {@link Map} with String keys, {@link Tuple} and {@link Call}.
   */
  public static byte[] of(Object value) {
    PickleWriter writer = new PickleWriter();
    writer.raw(new byte[] {(byte) 0x80, 5});
    writer.framing = true;
    writer.save(value);
    writer.write('.');
    writer.commitFrame();
    return writer.out.toByteArray();
  }

  private static Object fromJson(JsonNode node, List<String> tuplePaths, boolean top) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>(node.size());
      node.forEach(item -> items.add(fromJson(item, tuplePaths, false)));
      return items;
    }
    if (node.isObject()) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      node.properties()
          .forEach(
              e -> {
                Object value = fromJson(e.getValue(), tuplePaths, false);
                if (top && tuplePaths.contains(e.getKey()) && value instanceof List<?> list) {
                  @SuppressWarnings("unchecked")
                  List<Object> items = (List<Object>) list;
                  value = new Tuple(items);
                }
                map.put(e.getKey(), value);
              });
      return map;
    }
    // Binary and POJO nodes do not come out of JSON.
    throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
  }

  private void save(Object value) {
    switch (value) {
      case null -> write('N');
      case Boolean b -> write(b ? 0x88 : 0x89);
      case Integer i -> saveInt(BigInteger.valueOf(i));
      case Long l -> saveInt(BigInteger.valueOf(l));
      case BigInteger b -> saveInt(b);
      case Double d -> {
        write('G');
        long bits = Double.doubleToRawLongBits(d);
        for (int shift = 56; shift >= 0; shift -= 8) {
          write((int) (bits >>> shift) & 0xff);
        }
      }
      case String s -> saveString(s);
      case Tuple t -> saveTuple(t.items());
      case List<?> list -> saveList(list);
      case Map<?, ?> map -> saveDict(map);
      case Call call -> {
        saveString(call.module());
        saveString(call.name());
        write(0x93); // STACK_GLOBAL
        write(0x94);
        saveTuple(call.args());
        write('R');
        write(0x94);
      }
      default ->
          throw new IllegalArgumentException(
              "cannot pickle a " + value.getClass().getName() + "; only JSON-shaped values");
    }
    opcodeBoundary();
  }

  private void saveInt(BigInteger value) {
    if (value.signum() >= 0 && value.bitLength() <= 8) {
      write('K');
      write(value.intValue());
    } else if (value.signum() >= 0 && value.bitLength() <= 16) {
      write('M');
      int v = value.intValue();
      write(v & 0xff);
      write(v >>> 8);
    } else if (value.bitLength() <= 31) {
      write('J');
      int v = value.intValue();
      for (int i = 0; i < 4; i++) {
        write((v >>> (8 * i)) & 0xff);
      }
    } else {
      // LONG1/LONG4: little-endian two's complement, as short as Python makes it.
      byte[] big = value.toByteArray();
      byte[] little = new byte[big.length];
      for (int i = 0; i < big.length; i++) {
        little[i] = big[big.length - 1 - i];
      }
      if (little.length < 256) {
        write(0x8a);
        write(little.length);
      } else {
        write(0x8b);
        writeInt32(little.length);
      }
      raw(little);
    }
  }

  private void saveString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] header;
    if (utf8.length < 256) {
      header = new byte[] {(byte) 0x8c, (byte) utf8.length};
    } else {
      header = new byte[5];
      header[0] = 'X';
      for (int i = 0; i < 4; i++) {
        header[1 + i] = (byte) (utf8.length >>> (8 * i));
      }
    }
    writeBytes(header, utf8);
    write(0x94);
  }

  private void saveTuple(List<?> items) {
    if (items.isEmpty()) {
      write(')');
      return;
    }
    if (items.size() <= 3) {
      items.forEach(this::save);
      write(0x85 + items.size() - 1);
    } else {
      write('(');
      items.forEach(this::save);
      write('t');
    }
    write(0x94);
  }

  private void saveList(List<?> items) {
    write(']');
    write(0x94);
    for (int from = 0; from < items.size(); from += BATCH) {
      List<?> batch = items.subList(from, Math.min(items.size(), from + BATCH));
      if (batch.size() == 1) {
        save(batch.get(0));
        write('a');
      } else {
        write('(');
        batch.forEach(this::save);
        write('e');
      }
    }
  }

  private void saveDict(Map<?, ?> map) {
    write('}');
    write(0x94);
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    for (int from = 0; from < entries.size(); from += BATCH) {
      List<Map.Entry<?, ?>> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
      if (batch.size() == 1) {
        save(batch.get(0).getKey());
        save(batch.get(0).getValue());
        write('s');
      } else {
        write('(');
        for (Map.Entry<?, ?> e : batch) {
          save(e.getKey());
          save(e.getValue());
        }
        write('u');
      }
    }
  }

  // Framing, as _pickle.c: a frame opens at the first write after a commit, is committed once it
  // holds FRAME_SIZE_TARGET bytes at an object boundary, and loses its header when shorter than
  // FRAME_SIZE_MIN. Data of FRAME_SIZE_TARGET bytes or more goes outside any frame.

  private void write(int b) {
    openFrame();
    out.write(b);
  }

  private void writeInt32(int v) {
    for (int i = 0; i < 4; i++) {
      write((v >>> (8 * i)) & 0xff);
    }
  }

  private void raw(byte[] bytes) {
    openFrame();
    out.write(bytes, 0, bytes.length);
  }

  private void writeBytes(byte[] header, byte[] data) {
    if (data.length >= FRAME_SIZE_TARGET) {
      commitFrame();
      boolean was = framing;
      framing = false;
      raw(header);
      raw(data);
      framing = was;
    } else {
      raw(header);
      raw(data);
    }
  }

  private void openFrame() {
    if (framing && frameStart == -1) {
      frameStart = out.size();
      out.write(new byte[FRAME_HEADER_SIZE], 0, FRAME_HEADER_SIZE);
    }
  }

  private void opcodeBoundary() {
    if (framing
        && frameStart != -1
        && out.size() - frameStart - FRAME_HEADER_SIZE >= FRAME_SIZE_TARGET) {
      commitFrame();
    }
  }

  private void commitFrame() {
    if (!framing || frameStart == -1) {
      return;
    }
    int length = out.size() - frameStart - FRAME_HEADER_SIZE;
    if (length >= FRAME_SIZE_MIN) {
      out.set(frameStart, 0x95);
      for (int i = 0; i < 8; i++) {
        out.set(frameStart + 1 + i, i < 4 ? (length >>> (8 * i)) & 0xff : 0);
      }
    } else {
      out.remove(frameStart, FRAME_HEADER_SIZE);
    }
    frameStart = -1;
  }

  /** A byte buffer that can patch and cut, for frame headers. */
  private static final class Buffer extends ByteArrayOutputStream {
    void set(int index, int b) {
      buf[index] = (byte) b;
    }

    void remove(int from, int length) {
      System.arraycopy(buf, from + length, buf, from, count - from - length);
      count -= length;
    }
  }
}
