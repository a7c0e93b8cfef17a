package dev.celeriac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.CeleryJson;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Prints remote-control replies as {@code celery inspect}/{@code celery control} do ({@code ->
 * node: OK} and the reply indented, then {@code N nodes online.}), or as one JSON object with
 * {@code --json}.
 */
final class ReplyPrinter {

  private ReplyPrinter() {}

  /** Prints the replies; returns {@link ExitCodes#OK} when a node replied, else FAILURE. */
  static int print(PrintWriter out, PrintWriter err, Map<String, JsonNode> replies, boolean json) {
    if (json) {
      ObjectNode all = CeleryJson.mapper().createObjectNode();
      replies.forEach(all::set);
      out.println(all);
    } else {
      replies.forEach(
          (node, reply) -> {
            boolean error = reply.isObject() && reply.has("error");
            out.println("->  " + node + ": " + (error ? "ERROR" : "OK"));
            out.println(indent(text(reply)));
          });
      if (!replies.isEmpty()) {
        out.println();
        out.println(replies.size() + (replies.size() == 1 ? " node online." : " nodes online."));
      }
    }
    out.flush();
    if (replies.isEmpty()) {
      err.println("Error: No nodes replied within time constraint");
      err.flush();
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  private static String text(JsonNode reply) {
    if (reply.isObject() && reply.size() == 1 && (reply.has("ok") || reply.has("error"))) {
      return reply.elements().next().asText();
    }
    if (reply.isArray() && reply.isEmpty()) {
      return "- empty -";
    }
    if (reply.isArray() && allText(reply)) {
      StringBuilder s = new StringBuilder();
      reply.forEach(item -> s.append("* ").append(item.asText()).append('\n'));
      return s.toString().stripTrailing();
    }
    try {
      return CeleryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(reply);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return reply.toString();
    }
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }
}
