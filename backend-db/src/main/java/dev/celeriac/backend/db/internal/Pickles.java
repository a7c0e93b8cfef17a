package dev.celeriac.backend.db.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.backend.db.internal.PickleReader.Call;
import dev.celeriac.backend.db.internal.PickleReader.Global;
import dev.celeriac.backend.db.internal.PickleReader.RefusedException;
import dev.celeriac.backend.db.internal.PickleReader.Tuple;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.state.TaskState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code result} columns of Celery's tables, which SQLAlchemy's {@code PickleType} fills with
 * {@code pickle.dumps(value, protocol=5)}:
 *
 * <ul>
 *   <li>{@code celery_taskmeta.result}: the task's value itself (an int, a str, a dict…), an
 *       exception as {@code {"exc_type", "exc_message": (args…), "exc_module"}} (a tuple of
 *       arguments), or STARTED's {@code {"pid", "hostname"}}. Celeriac writes and reads only such
 *       JSON-shaped values; a pickled Python object (a datetime, a custom class) is refused with an
 *       error naming the task, never instantiated.
 *   <li>{@code celery_tasksetmeta.result}: a {@code GroupResult}, pickled as the call {@code
 *       celery.app.base._unpickle_appattr('GroupResult', (group_id, [_unpickle_appattr(
 *       'AsyncResult', (task_id, backend, None, None, parent)), …]))}. Celeriac writes the backend
 *       as None (Python then uses its app's own backend) and reads only the ids.
 * </ul>
 *
 * <p>Thread-safe and stateless.
 */
public final class Pickles {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 500;
  private static final String APP_ATTR_MODULE = "celery.app.base";
  private static final String APP_ATTR = "_unpickle_appattr";

  private Pickles() {}

  /**
   * The pickle of a task's result: exceptions (FAILURE, RETRY, REVOKED) with {@code exc_message} as
   * a tuple, as Celery stores {@code exc.args}; null (SQL NULL) for None, as {@code PickleType}
   * stores it.
   */
  public static byte[] encodeResult(TaskState state, JsonNode result) {
    if (result == null || result.isNull() || result.isMissingNode()) {
      return null;
    }
    boolean exception =
        state == TaskState.FAILURE || state == TaskState.RETRY || state == TaskState.REVOKED;
    return PickleWriter.json(result, exception ? List.of("exc_message") : List.of());
  }

  /**
   * The JSON value of a task's pickled result.
   *
   * @param where names the row in errors, e.g. {@code task 'abc' (celery_taskmeta)}
   * @throws ProtocolException when it is not a pickle of JSON-shaped data, naming the row
   */
  public static JsonNode decodeResult(String where, byte[] pickle) {
    if (pickle == null) {
      return NODES.nullNode();
    }
    try {
      return new Converter(10L * pickle.length + 10_000).toJson(PickleReader.read(pickle), 0);
    } catch (RefusedException e) {
      throw refused(where, e.getMessage());
    }
  }

  /** The pickle of a saved group of plain tasks, as Python restores it. */
  public static byte[] encodeGroup(String groupId, List<String> taskIds) {
    List<Object> members = new ArrayList<>(taskIds.size());
    for (String id : taskIds) {
      members.add(
          appAttr(
              "AsyncResult",
              new PickleWriter.Tuple(java.util.Arrays.asList(id, null, null, null, null))));
    }
    return PickleWriter.of(
        appAttr("GroupResult", new PickleWriter.Tuple(List.of(groupId, members))));
  }

  private static PickleWriter.Call appAttr(String name, PickleWriter.Tuple args) {
    return new PickleWriter.Call(APP_ATTR_MODULE, APP_ATTR, List.of(name, args));
  }

  /**
   * The member task ids of a saved group, in order.
   *
   * @throws ProtocolException when it is not a pickled GroupResult of plain tasks, naming the row
   */
  public static List<String> decodeGroup(String where, byte[] pickle) {
    Object value;
    try {
      value = PickleReader.read(pickle);
    } catch (RefusedException e) {
      throw refused(where, e.getMessage());
    }
    List<Object> args = resultCall(value, "GroupResult");
    if (args == null || args.size() < 2 || !(args.get(1) instanceof List<?> members)) {
      throw refused(where, "it is not a pickled GroupResult(id, [results…]): " + describe(value));
    }
    List<String> ids = new ArrayList<>(members.size());
    for (Object member : members) {
      List<Object> memberArgs = resultCall(member, "AsyncResult");
      if (memberArgs == null || memberArgs.isEmpty() || !(memberArgs.get(0) instanceof String id)) {
        throw refused(
            where,
            "a member is not a plain AsyncResult(task_id, …) (nested groups are not read): "
                + describe(member));
      }
      ids.add(id);
    }
    return ids;
  }

  /**
   * The arguments of {@code celery.result.<cls>(*args)} or of Celery's app-bound form {@code
   * _unpickle_appattr('<cls>', args)}, or null when the value is neither.
   */
  private static List<Object> resultCall(Object value, String cls) {
    if (!(value instanceof Call call) || call.state() != null) {
      return null;
    }
    if (call.callable() instanceof Global g) {
      if (g.module().equals("celery.result") && g.name().equals(cls)) {
        return call.args().items();
      }
      List<Object> outer = call.args().items();
      if (g.module().equals(APP_ATTR_MODULE)
          && g.name().equals(APP_ATTR)
          && outer.size() == 2
          && cls.equals(outer.get(0))
          && outer.get(1) instanceof Tuple inner) {
        return inner.items();
      }
    }
    return null;
  }

  /**
   * Turns read values into JSON within a node budget: memo references can share one subtree many
   * times, so a small pickle could otherwise expand into a huge tree.
   */
  private static final class Converter {
    private long budget;

    Converter(long budget) {
      this.budget = budget;
    }

    private JsonNode toJson(Object value, int depth) throws RefusedException {
      if (--budget < 0) {
        throw new RefusedException(
            "it expands into more values than its size allows (shared references repeated)");
      }
      if (depth > MAX_DEPTH) {
        throw new RefusedException("it nests deeper than " + MAX_DEPTH + " levels (or is cyclic)");
      }
      return switch (value) {
        case null -> NODES.nullNode();
        case Boolean b -> NODES.booleanNode(b);
        case BigInteger i ->
            i.bitLength() < 32
                ? NODES.numberNode(i.intValue())
                : i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
        case Double d -> NODES.numberNode(d);
        case String s -> NODES.textNode(s);
        case Tuple t -> array(t.items(), depth);
        case List<?> list -> array(list, depth);
        case Map<?, ?> map -> {
          ObjectNode object = NODES.objectNode();
          for (Map.Entry<?, ?> e : map.entrySet()) {
            object.set(key(e.getKey()), toJson(e.getValue(), depth + 1));
          }
          yield object;
        }
        default ->
            throw new RefusedException(
                "it holds "
                    + describe(value)
                    + ", not JSON-shaped data (None, bool, int, float, str, list, tuple, dict);"
                    + " Celeriac never unpickles Python objects");
      };
    }

    private ArrayNode array(List<?> items, int depth) throws RefusedException {
      ArrayNode array = NODES.arrayNode(items.size());
      for (Object item : items) {
        array.add(toJson(item, depth + 1));
      }
      return array;
    }
  }

  /** Dict keys as json.dumps writes them. */
  private static String key(Object key) throws RefusedException {
    return switch (key) {
      case String s -> s;
      case BigInteger i -> i.toString();
      case Boolean b -> b ? "true" : "false";
      case null -> "null";
      default -> throw new RefusedException("it has a dict key that is " + describe(key));
    };
  }

  private static String describe(Object value) {
    return switch (value) {
      case null -> "None";
      case Global g -> "a reference to " + g.module() + "." + g.name();
      case Call c ->
          c.callable() instanceof Global g
              ? "a Python object made by " + g.module() + "." + g.name()
              : "a Python object";
      case PickleReader.Bytes b -> "a bytes object of " + b.value().length + " bytes";
      case PickleReader.PySet s -> "a set";
      default -> "a " + value.getClass().getSimpleName();
    };
  }

  private static ProtocolException refused(String where, String why) {
    return new ProtocolException(
        "The pickled result of "
            + where
            + " is not one Celeriac reads: "
            + why
            + ". Celeriac reads Celery's results of JSON-shaped values only; a Python task"
            + " returning other objects must return JSON-compatible data, or the row was not"
            + " written by Celery.");
  }
}
