package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * An exception as the {@code rpc://} result format carries it: {@code {"exc_type": "ValueError",
 * "exc_message": ["boom"], "exc_module": "builtins"}}. {@code exc_message} is the exception's
 * argument list as a JSON array, not a string.
 *
 * <pre>{@code
 * RemoteException.of(new IllegalStateException("closed"))
 *     // type IllegalStateException, module java.lang, message ["closed"]
 * }</pre>
 *
 * @param type the class name ({@code exc_type}), e.g. {@code ValueError} or {@code
 *     IllegalStateException}
 * @param module the module or package ({@code exc_module}), e.g. {@code builtins} or {@code
 *     java.lang}
 * @param message the arguments ({@code exc_message})
 */
public record RemoteException(String type, String module, ArrayNode message) {

  /**
   * A Java exception in Celery's format. {@code type} is the class name below its package written
   * the way Python writes a {@code __qualname__}: nested classes joined with dots ({@code
   * Outer.Inner}), so that {@link #qualifiedType()} is the Java canonical name; classes without a
   * canonical name (anonymous, local) keep their binary name ({@code Outer$1}). {@code module} is
   * the package (null for the default package). {@code message} is {@code [getMessage()]}, or
   * {@code []} when the message is null. A Python client that cannot import the module builds a
   * synthetic exception class of that name, so the type arrives readable.
   */
  public static RemoteException of(Throwable exception) {
    Class<?> type = exception.getClass();
    String pkg = type.getPackageName();
    String name = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
    String simple = pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
    ArrayNode message = JsonNodeFactory.instance.arrayNode();
    if (exception.getMessage() != null) {
      message.add(exception.getMessage());
    }
    return new RemoteException(simple, pkg.isEmpty() ? null : pkg, message);
  }

  /** {@code module.type}, or just the type when there is no module. */
  public String qualifiedType() {
    return module == null || module.isEmpty() ? type : module + "." + type;
  }

  /**
   * The message as Python's {@code str(exc)} shows it: empty for no arguments, the argument itself
   * for one string argument, otherwise the repr of the argument (one) or of the argument tuple.
   */
  public String messageText() {
    if (message == null || message.isEmpty()) {
      return "";
    }
    if (message.size() == 1) {
      JsonNode only = message.get(0);
      return only.isTextual() ? only.textValue() : PythonRepr.repr(only);
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < message.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(PythonRepr.repr(message.get(i)));
    }
    return out.append(')').toString();
  }
}
