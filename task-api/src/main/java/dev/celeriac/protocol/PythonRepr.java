package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Python {@code repr} of JSON values, for the {@code argsrepr}/{@code kwargsrepr} headers.
 *
 * <pre>{@code
 * PythonRepr.argsRepr(args)       // (2, 3)   (5,)   ()
 * PythonRepr.kwargsRepr(kwargs)   // {'loud': True}
 * }</pre>
 *
 * <p>JSON maps to Python as {@code json.loads} does: arrays are lists, objects dicts, {@code
 * true}/{@code false}/{@code null} are {@code True}/{@code False}/{@code None}, floats are written
 * with {@code float.__repr__}.
 *
 * <p>{@link #argsRepr}, {@link #kwargsRepr} and {@link #saferepr} reproduce Celery 5.2.6's {@code
 * celery.utils.saferepr.saferepr}, which is what Celery puts in those headers ({@code
 * celery/app/amqp.py}, {@code argsrepr_maxsize = kwargsrepr_maxsize = 1024}). It is not quite
 * Python's {@code repr}: strings are always single-quoted with only {@code '} escaped (as {@code
 * \'}), other characters (newlines, backslashes) are written as they are, containers nested deeper
 * than 3 levels print as {@code [...]}, and output beyond the size limit is cut with {@code ...}
 * while closing brackets are kept. {@link #repr} is Python's real {@code repr}, for other display
 * purposes.
 */
public final class PythonRepr {

  /** Celery's {@code argsrepr_maxsize} and {@code kwargsrepr_maxsize}. */
  public static final int CELERY_MAXSIZE = 1024;

  /** saferepr's default {@code maxlevels}. */
  private static final int MAXLEVELS = 3;

  private PythonRepr() {}

  /** The {@code argsrepr} header for these arguments, rendered as a tuple like {@code .delay()}. */
  public static String argsRepr(JsonNode args) {
    return run(args, true, CELERY_MAXSIZE);
  }

  /** The {@code kwargsrepr} header for these keyword arguments. */
  public static String kwargsRepr(JsonNode kwargs) {
    return run(kwargs, false, CELERY_MAXSIZE);
  }

  /**
   * Celery's {@code saferepr(value, maxlen)}; arrays render as lists ({@code [1]}, what Celery
   * sends when the caller passed a list, e.g. {@code apply_async(args=[1])}).
   *
   * @param maxlen the size limit, or a negative number for none
   */
  public static String saferepr(JsonNode value, int maxlen) {
    return run(value, false, maxlen);
  }

  /** saferepr with a choice of tuple rendering for a top-level array; for tests. */
  static String saferepr(JsonNode value, boolean arrayAsTuple, int maxlen) {
    return run(value, arrayAsTuple, maxlen);
  }

  /** Python's {@code repr(json.loads(...))}: Python's quoting and escaping, no limits. */
  public static String repr(JsonNode value) {
    StringBuilder out = new StringBuilder();
    BuiltinRepr.write(value, out);
    return out.toString();
  }

  // --- saferepr, a token-for-token port of celery/utils/saferepr.py (5.2.6) ---

  /** saferepr's {@code _literal}: brackets and separators. */
  private record Literal(String value, boolean truncate, int direction) {}

  /** saferepr's {@code _key}: a dict key, rendered by a nested saferepr call. */
  private record Key(String value) {}

  /** saferepr's {@code _quoted}: a string value. */
  private record Quoted(String value) {}

  /** saferepr's {@code _dirty}: end-of-container marker; only matters for recursion checks. */
  private static final Object DIRTY = new Object();

  private static final Literal DICT_START = new Literal("{", false, +1);
  private static final Literal DICT_KVSEP = new Literal(": ", true, 0);
  private static final Literal DICT_END = new Literal("}", false, -1);
  private static final Literal LIST_START = new Literal("[", false, +1);
  private static final Literal LIST_END = new Literal("]", false, -1);
  private static final Literal LIST_SEP = new Literal(", ", true, 0);
  private static final Literal TUPLE_START = new Literal("(", false, +1);
  private static final Literal TUPLE_END = new Literal(")", false, -1);
  private static final Literal TUPLE_END_SV = new Literal(",)", false, -1);

  /** A JSON array standing for a Python tuple (only the top-level args). */
  private record Tuple(JsonNode array) {}

  private static String run(JsonNode root, boolean rootIsTuple, int maxlen) {
    boolean limited = maxlen >= 0;
    long remaining = maxlen;
    int level = 0;
    // Python chains iterators; one deque with pushes at the front behaves the same.
    Deque<Object> pending = new ArrayDeque<>();
    pending.add(rootIsTuple && root != null && root.isArray() ? new Tuple(root) : nullSafe(root));
    StringBuilder out = new StringBuilder();
    while (!pending.isEmpty()) {
      Object val = pending.pollFirst();
      Object token;
      if (val == DIRTY) {
        continue;
      } else if (val instanceof Literal literal) {
        level += literal.direction();
        token = literal;
      } else if (val instanceof Key) {
        token = val;
      } else {
        // Every item prints at least one character, so past `remaining` items the output is cut:
        // long lists are not expanded item by item only to be dropped.
        Container container = Container.of(val, limited ? remaining + 1 : Long.MAX_VALUE);
        if (container == null) {
          JsonNode node = (JsonNode) val;
          token = node.isTextual() ? new Quoted(node.textValue()) : scalar(node);
        } else if (level >= MAXLEVELS) {
          token = container.start().value() + "..." + container.end().value();
        } else {
          List<Object> items = container.items();
          for (int i = items.size() - 1; i >= 0; i--) {
            pending.addFirst(items.get(i));
          }
          continue;
        }
      }
      if (limited && remaining <= 0) {
        out.append(", ...");
        // Like saferepr, still close every bracket that is open.
        for (Object rest : pending) {
          if (rest instanceof Literal literal && !literal.truncate()) {
            out.append(literal.value());
          }
        }
        break;
      }
      String text =
          switch (token) {
            case Literal literal -> literal.value();
            case Key key -> quoted(key.value(), limited ? remaining : -1);
            case Quoted quoted -> quoted(quoted.value(), limited ? remaining : -1);
            default -> truncate((String) token, limited ? remaining : -1);
          };
      out.append(text);
      if (limited) {
        remaining -= text.codePointCount(0, text.length());
      }
    }
    return out.toString();
  }

  private static JsonNode nullSafe(JsonNode node) {
    return node == null ? NullNode.getInstance() : node;
  }

  /** A container's tokens: start, items with separators, end marker. */
  private record Container(Literal start, Literal end, List<Object> items) {

    /** The container's tokens, with at most {@code maxItems} of its items. */
    static Container of(Object val, long maxItems) {
      if (val instanceof Tuple tuple) {
        int size = tuple.array().size();
        return build(
            TUPLE_START, size == 1 ? TUPLE_END_SV : TUPLE_END, tuple.array(), false, maxItems);
      }
      JsonNode node = (JsonNode) val;
      if (node.isArray()) {
        return build(LIST_START, LIST_END, node, false, maxItems);
      }
      if (node.isObject()) {
        return build(DICT_START, DICT_END, node, true, maxItems);
      }
      return null;
    }

    private static Container build(
        Literal start, Literal end, JsonNode node, boolean dict, long maxItems) {
      long count = 0;
      List<Object> items = new ArrayList<>();
      items.add(start);
      if (dict) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (count++ >= maxItems) {
            break;
          }
          if (items.size() > 1) {
            items.add(LIST_SEP);
          }
          items.add(new Key(field.getKey()));
          items.add(DICT_KVSEP);
          items.add(field.getValue());
        }
      } else {
        for (JsonNode item : node) {
          if (count++ >= maxItems) {
            break;
          }
          if (items.size() > 1) {
            items.add(LIST_SEP);
          }
          items.add(item);
        }
      }
      items.add(DIRTY);
      items.add(end);
      return new Container(start, end, items);
    }
  }

  /** {@code str(value)} of a Python scalar. */
  private static String scalar(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return "None";
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "True" : "False";
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong()
          ? Long.toString(node.longValue())
          : node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      return PythonFloats.repr(node.doubleValue());
    }
    return node.asText();
  }

  /** saferepr's {@code _format_chars}: single quotes, only {@code '} escaped. */
  private static String quoted(String value, long maxlen) {
    return "'" + truncate(value, maxlen).replace("'", "\\'") + "'";
  }

  /**
   * {@code celery.utils.text.truncate}: at {@code maxlen} characters or more, cut to {@code maxlen}
   * characters, drop the last partial word, append {@code ...}. Lengths count code points, as
   * Python does.
   */
  private static String truncate(String s, long maxlen) {
    int length = s.codePointCount(0, s.length());
    if (maxlen <= 0 || length < maxlen) {
      return s;
    }
    String head = s.substring(0, s.offsetByCodePoints(0, (int) maxlen));
    int space = head.lastIndexOf(' ');
    return (space >= 0 ? head.substring(0, space) : head) + "...";
  }
}
