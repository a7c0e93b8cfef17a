package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * An exception as the {@code rpc://} result format carries it: {@code {"exc_type": "ValueError",
 * "exc_message": ["boom"], "exc_module": "builtins"}}. {@code exc_message} is the exception's
 * argument list as a JSON array, not a string.
 *
 * @param type the class name ({@code exc_type}), e.g. {@code ValueError} or {@code IllegalStateException}
 * @param module the module or package ({@code exc_module}), e.g. {@code builtins} or {@code java.lang}
 * @param message the arguments ({@code exc_message})
 */
public record RemoteException(String type, String module, ArrayNode message) {

  /** {@code module.type}, or just the type when there is no module. */
  public String qualifiedType() {
    return module == null || module.isEmpty() ? type : module + "." + type;
  }
}
