package dev.celeriac.backend.db.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pickle (protocols 2 to 5) into plain data without running anything: the pickle machine's
 * stack is simulated, and the opcodes that would import or call Python code ({@code GLOBAL}, {@code
 * STACK_GLOBAL}, {@code REDUCE}, {@code NEWOBJ}, {@code BUILD}) only build inert {@link Global} and
 * {@link Call} records that the caller may recognise (a saved group's {@code GroupResult}) or
 * refuse. Opcodes outside a short list (persistent ids, extensions, protocol-0 text opcodes, out-
 * of-band buffers) are refused.
 *
 * <p>Values come out as null (None), Boolean, BigInteger, Double, String, {@link Bytes}, {@link
 * List} (a list), {@link Tuple}, {@link Map} (a dict, insertion order kept), {@link Global} and
 * {@link Call}.
 *
 * <p>Thread-safe and stateless.
 */
public final class PickleReader {

  /** A reference to {@code module.name}, never resolved. */
  public record Global(String module, String name) {}

  /** {@code callable(*args)}, never called ({@code REDUCE}, {@code NEWOBJ}, or state via BUILD). */
  public record Call(Object callable, Tuple args, Object state) {}

  /** A Python tuple. */
  public record Tuple(List<Object> items) {}

  /** A Python bytes object (or bytearray). */
  public record Bytes(byte[] value) {}

  /** A Python set or frozenset, which JSON cannot hold. */
  public record PySet(List<Object> items) {}

  /** The pickle is not one this reader accepts; the message says why. */
  public static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message);
    }
  }

  private static final Object MARK = new Object();

  /** Pickles larger than this are not read, so a corrupt length cannot exhaust memory. */
  static final int MAX_ITEMS = 10_000_000;

  private PickleReader() {}

  /**
   * The value the pickle holds.
   *
   * @throws RefusedException for bytes that are not a pickle, or hold anything but the data types
   *     above
   */
  public static Object read(byte[] pickle) throws RefusedException {
    ByteBuffer in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    Deque<Object> stack = new ArrayDeque<>();
    Deque<Deque<Object>> marks = new ArrayDeque<>();
    Map<Integer, Object> memo = new HashMap<>();
    try {
      while (true) {
        int op = in.get() & 0xff;
        switch (op) {
          case 0x80 -> { // PROTO
            int proto = in.get() & 0xff;
            if (proto < 2 || proto > 5) {
              throw new RefusedException("pickle protocol " + proto + " (2 to 5 are read)");
            }
          }
          case 0x95 -> { // FRAME: only a length; the data follows inline
            in.getLong();
          }
          case '.' -> { // STOP
            if (stack.size() != 1 || !marks.isEmpty()) {
              throw new RefusedException("it ends with " + stack.size() + " values on the stack");
            }
            if (in.hasRemaining()) {
              throw new RefusedException("it has " + in.remaining() + " bytes after its end");
            }
            return unwrap(stack.pop());
          }
          case '(' -> {
            marks.push(stack);
            stack = new ArrayDeque<>();
          }
          case '0' -> pop(stack);
          case '1' -> stack = popMark(marks);
          case 'N' -> stack.push(Null.NONE);
          case 0x88 -> stack.push(Boolean.TRUE);
          case 0x89 -> stack.push(Boolean.FALSE);
          case 'K' -> stack.push(BigInteger.valueOf(in.get() & 0xff));
          case 'M' -> stack.push(BigInteger.valueOf(in.getShort() & 0xffff));
          case 'J' -> stack.push(BigInteger.valueOf(in.getInt()));
          case 0x8a -> stack.push(readLong(in, in.get() & 0xff));
          case 0x8b -> stack.push(readLong(in, length(in.getInt())));
          case 'G' -> {
            in.order(ByteOrder.BIG_ENDIAN);
            stack.push(in.getDouble());
            in.order(ByteOrder.LITTLE_ENDIAN);
          }
          case 0x8c -> stack.push(utf8(bytes(in, in.get() & 0xff)));
          case 'X' -> stack.push(utf8(bytes(in, length(in.getInt()))));
          case 0x8d -> stack.push(utf8(bytes(in, length(in.getLong()))));
          case 'C' -> stack.push(new Bytes(bytes(in, in.get() & 0xff)));
          case 'B' -> stack.push(new Bytes(bytes(in, length(in.getInt()))));
          case 0x8e -> stack.push(new Bytes(bytes(in, length(in.getLong()))));
          case 0x96 -> stack.push(new Bytes(bytes(in, length(in.getLong())))); // BYTEARRAY8
          case ')' -> stack.push(new Tuple(List.of()));
          case 0x85 -> stack.push(tuple(stack, 1));
          case 0x86 -> stack.push(tuple(stack, 2));
          case 0x87 -> stack.push(tuple(stack, 3));
          case 't' -> {
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            stack.push(new Tuple(java.util.Collections.unmodifiableList(items)));
          }
          case ']' -> stack.push(new ArrayList<>());
          case 'l' -> {
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            stack.push(items);
          }
          case 'a' -> {
            Object item = pop(stack);
            list(stack.peek()).add(item);
          }
          case 'e' -> {
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            list(stack.peek()).addAll(items);
          }
          case '}' -> stack.push(new LinkedHashMap<>());
          case 'd' -> {
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            Map<Object, Object> dict = new LinkedHashMap<>();
            putAll(dict, items);
            stack.push(dict);
          }
          case 's' -> {
            Object value = pop(stack);
            Object key = pop(stack);
            dict(stack.peek()).put(key, value);
          }
          case 'u' -> {
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            putAll(dict(stack.peek()), items);
          }
          case 0x8f -> stack.push(new PySet(new ArrayList<>())); // EMPTY_SET
          case 0x90 -> { // ADDITEMS
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            if (!(stack.peek() instanceof PySet set)) {
              throw new RefusedException("ADDITEMS to something that is not a set");
            }
            set.items().addAll(items);
          }
          case 0x91 -> { // FROZENSET
            List<Object> items = reversed(stack);
            stack = popMark(marks);
            stack.push(new PySet(items));
          }
          case 0x94 -> memo.put(memo.size(), peek(stack)); // MEMOIZE
          case 'q' -> memo.put(in.get() & 0xff, peek(stack)); // BINPUT
          case 'r' -> memo.put(length(in.getInt()), peek(stack)); // LONG_BINPUT
          case 'h' -> stack.push(memoGet(memo, in.get() & 0xff));
          case 'j' -> stack.push(memoGet(memo, length(in.getInt())));
          case 'c' -> stack.push(new Global(line(in), line(in)));
          case 0x93 -> { // STACK_GLOBAL
            Object name = pop(stack);
            Object module = pop(stack);
            if (!(module instanceof String m) || !(name instanceof String n)) {
              throw new RefusedException("STACK_GLOBAL with names that are not strings");
            }
            stack.push(new Global(m, n));
          }
          case 'R', 0x81 -> { // REDUCE, NEWOBJ
            Object args = pop(stack);
            Object callable = pop(stack);
            if (!(args instanceof Tuple t)) {
              throw new RefusedException("a call whose arguments are not a tuple");
            }
            stack.push(new Call(callable, t, null));
          }
          case 'b' -> { // BUILD: state for the object below
            Object state = pop(stack);
            Object target = pop(stack);
            stack.push(
                target instanceof Call call
                    ? new Call(call.callable(), call.args(), state)
                    : new Call(target, new Tuple(List.of()), state));
          }
          default ->
              throw new RefusedException(
                  String.format("it uses pickle opcode 0x%02x, which is not read", op));
        }
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new RefusedException("it is truncated (" + pickle.length + " bytes)");
    } catch (java.util.NoSuchElementException | ClassCastException e) {
      throw new RefusedException("it is malformed (stack underflow)");
    }
  }

  /** None, distinct from "no value" while on the stack. */
  private enum Null {
    NONE
  }

  private static Object unwrap(Object value) {
    return value == Null.NONE ? null : value;
  }

  private static Object pop(Deque<Object> stack) throws RefusedException {
    if (stack.isEmpty()) {
      throw new RefusedException("it is malformed (stack underflow)");
    }
    return unwrapDeep(stack.pop());
  }

  private static Object peek(Deque<Object> stack) throws RefusedException {
    if (stack.isEmpty()) {
      throw new RefusedException("it is malformed (MEMOIZE on an empty stack)");
    }
    return stack.peek();
  }

  private static Object unwrapDeep(Object value) {
    return value == Null.NONE ? null : value;
  }

  private static Deque<Object> popMark(Deque<Deque<Object>> marks) throws RefusedException {
    if (marks.isEmpty()) {
      throw new RefusedException("it is malformed (no MARK)");
    }
    return marks.pop();
  }

  private static Tuple tuple(Deque<Object> stack, int n) throws RefusedException {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop(stack);
    }
    return new Tuple(java.util.Collections.unmodifiableList(java.util.Arrays.asList(items)));
  }

  private static List<Object> reversed(Deque<Object> stack) {
    List<Object> items = new ArrayList<>(stack.size());
    stack.descendingIterator().forEachRemaining(v -> items.add(unwrapDeep(v)));
    return items;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object target) throws RefusedException {
    if (target instanceof ArrayList<?> list) {
      return (List<Object>) list;
    }
    throw new RefusedException("APPEND to something that is not a list");
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> dict(Object target) throws RefusedException {
    if (target instanceof LinkedHashMap<?, ?> map) {
      return (Map<Object, Object>) map;
    }
    throw new RefusedException("SETITEM on something that is not a dict");
  }

  private static void putAll(Map<Object, Object> dict, List<Object> items) throws RefusedException {
    if (items.size() % 2 != 0) {
      throw new RefusedException("it is malformed (odd number of dict items)");
    }
    for (int i = 0; i < items.size(); i += 2) {
      dict.put(items.get(i), items.get(i + 1));
    }
  }

  private static Object memoGet(Map<Integer, Object> memo, int index) throws RefusedException {
    Object value = memo.get(index);
    if (value == null) {
      throw new RefusedException("it refers to memo entry " + index + ", which it never stored");
    }
    return value;
  }

  private static int length(long n) throws RefusedException {
    if (n < 0 || n > MAX_ITEMS * 100L) {
      throw new RefusedException("it declares an impossible length " + n);
    }
    return (int) n;
  }

  private static byte[] bytes(ByteBuffer in, int n) {
    byte[] out = new byte[n];
    in.get(out);
    return out;
  }

  private static BigInteger readLong(ByteBuffer in, int n) {
    if (n == 0) {
      return BigInteger.ZERO;
    }
    byte[] little = bytes(in, n);
    byte[] big = new byte[n];
    for (int i = 0; i < n; i++) {
      big[i] = little[n - 1 - i];
    }
    return new BigInteger(big);
  }

  private static String utf8(byte[] bytes) throws RefusedException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RefusedException("it holds a string that is not UTF-8");
    }
  }

  private static String line(ByteBuffer in) throws RefusedException {
    StringBuilder s = new StringBuilder();
    while (true) {
      byte b = in.get();
      if (b == '\n') {
        return s.toString();
      }
      if (s.length() > 1000) {
        throw new RefusedException("it names a global longer than 1000 characters");
      }
      s.append((char) (b & 0xff));
    }
  }
}
