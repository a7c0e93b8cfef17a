package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a message's JSON {@code args} and {@code kwargs} into the Java arguments of a task method,
 * the way Python binds {@code fun(*args, **kwargs)}: positional first, then keywords by parameter
 * name. Every parameter must be given exactly once.
 */
public final class ArgumentBinder {

  private final ObjectMapper json;

  public ArgumentBinder(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The arguments for {@code method}.
   *
   * @throws ArgumentException with a Python-style message, e.g. {@code tasks.add() takes 2
   *     positional arguments but 3 were given}
   */
  public Object[] bind(String taskName, Method method, ArrayNode args, ObjectNode kwargs) {
    Parameter[] params = method.getParameters();
    if (args.size() > params.length) {
      throw new ArgumentException(
          taskName
              + "() takes "
              + params.length
              + " positional argument"
              + (params.length == 1 ? "" : "s")
              + " but "
              + args.size()
              + " were given");
    }
    JsonNode[] nodes = new JsonNode[params.length];
    for (int i = 0; i < args.size(); i++) {
      nodes[i] = args.get(i);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = kwargs.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      int index = indexOf(params, field.getKey());
      if (index < 0) {
        throw new ArgumentException(
            taskName
                + "() got an unexpected keyword argument '"
                + field.getKey()
                + "'"
                + namesHint(params));
      }
      if (nodes[index] != null) {
        throw new ArgumentException(
            taskName + "() got multiple values for argument '" + field.getKey() + "'");
      }
      nodes[index] = field.getValue();
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      if (nodes[i] == null) {
        missing.add("'" + params[i].getName() + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new ArgumentException(
          taskName
              + "() missing "
              + missing.size()
              + " required argument"
              + (missing.size() == 1 ? "" : "s")
              + ": "
              + String.join(", ", missing));
    }
    Object[] values = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      values[i] = convert(taskName, params[i], nodes[i]);
    }
    return values;
  }

  private Object convert(String taskName, Parameter param, JsonNode node) {
    JavaType type = json.getTypeFactory().constructType(param.getParameterizedType());
    if (node.isNull() && type.isPrimitive()) {
      throw new ArgumentException(
          taskName
              + "() argument '"
              + param.getName()
              + "' must be a "
              + type.getRawClass().getName()
              + ", not None");
    }
    try {
      // treeToValue reads the tree directly; convertValue would buffer it as tokens first.
      return json.treeToValue(node, type);
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ArgumentException(
          taskName
              + "() argument '"
              + param.getName()
              + "' cannot be read as "
              + type.toCanonical()
              + " from "
              + abbreviate(node.toString())
              + ": "
              + firstLine(e.getMessage()),
          e);
    }
  }

  private static int indexOf(Parameter[] params, String name) {
    for (int i = 0; i < params.length; i++) {
      if (params[i].getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String namesHint(Parameter[] params) {
    if (params.length > 0 && !params[0].isNamePresent()) {
      return " (parameter names are not available: compile the task classes with -parameters)";
    }
    return "";
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
