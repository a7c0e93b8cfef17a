package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The body of a protocol v2 task message: {@code [args, kwargs, embed]}.
 *
 * @param args positional arguments as JSON
 * @param kwargs keyword arguments as JSON
 * @param embed canvas links
 */
public record TaskBody(ArrayNode args, ObjectNode kwargs, Embed embed) {

  public TaskBody {
    args = args == null ? JsonNodeFactory.instance.arrayNode() : args;
    kwargs = kwargs == null ? JsonNodeFactory.instance.objectNode() : kwargs;
    embed = Objects.requireNonNullElse(embed, Embed.EMPTY);
  }
}
