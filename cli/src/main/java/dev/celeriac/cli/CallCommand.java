package dev.celeriac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.Durations;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac call NAME --args '[5,5]'}: sends a task by name, in any language. With {@code
 * rpc://} a task sent without {@code --wait} asks for no result (nobody could read it); with a
 * durable backend it does, so {@code celeriac result ID} shows it later.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Send a task by name; print its id, and with --wait its result.",
      "With a durable --result-backend the result is kept, for celeriac result ID."
    })
final class CallCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "The task name, e.g. tasks.add.")
  String name;

  @Option(
      names = {"-a", "--args"},
      paramLabel = "JSON",
      description = "Positional arguments as a JSON array (default: []).")
  String args = "[]";

  @Option(
      names = {"-k", "--kwargs"},
      paramLabel = "JSON",
      description = "Keyword arguments as a JSON object (default: {}).")
  String kwargs = "{}";

  @Option(
      names = "--countdown",
      paramLabel = "DURATION",
      description = "Run no earlier than this from now, e.g. 10s.")
  String countdown;

  @Option(
      names = "--eta",
      paramLabel = "ISO-8601",
      description = "Run no earlier than this time, e.g. 2030-01-02T03:04:05+00:00.")
  String eta;

  @Option(
      names = {"-Q", "--queue"},
      paramLabel = "QUEUE",
      description = "The queue (default: celery).")
  String queue;

  @Option(
      names = {"-w", "--wait"},
      description = "Wait for the result and print it.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).",
      defaultValue = "60s")
  String timeout;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin BrokerOptions broker;

  @Mixin ResultBackendOption results;

  @Mixin SecurityOptions security;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LogSetup.apply("warning");
    ArrayNode positional = parse(args, "--args", ArrayNode.class);
    ObjectNode keywords = parse(kwargs, "--kwargs", ObjectNode.class);
    // On rpc:// a result nobody waits for would only pile up in a reply queue that goes away.
    TaskOptions.Builder options = TaskOptions.builder().ignoreResult(!await && !results.durable());
    if (countdown != null) {
      options.countdown(Durations.parse(countdown));
    }
    if (eta != null) {
      options.eta(OffsetDateTime.parse(eta).toInstant());
    }
    if (queue != null) {
      options.queue(queue);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Celeriac app = broker.connect("celeriac-call", results, security)) {
      AsyncResult<JsonNode> result =
          app.task(name, JsonNode.class)
              .applyAsync(
                  CeleryJson.mapper().convertValue(positional, List.class),
                  CeleryJson.mapper().convertValue(keywords, Map.class),
                  options.build());
      if (!await) {
        print(out, result.id(), null, null);
        return ExitCodes.OK;
      }
      try {
        JsonNode value = result.get(Durations.parse(timeout));
        print(out, result.id(), "SUCCESS", value);
        return ExitCodes.OK;
      } catch (TaskFailedException e) {
        print(
            out,
            result.id(),
            "FAILURE",
            CeleryJson.mapper().valueToTree(e.remote().qualifiedType() + ": " + e.getMessage()));
        return ExitCodes.FAILURE;
      }
    }
  }

  private void print(PrintWriter out, String id, String state, JsonNode value) {
    if (json) {
      ObjectNode line = CeleryJson.mapper().createObjectNode().put("id", id);
      if (state != null) {
        line.put("state", state).set("result", value);
      }
      out.println(line);
    } else {
      out.println(id);
      if (state != null) {
        out.println(state.equals("SUCCESS") ? value.toString() : state + " " + value.asText());
      }
    }
    out.flush();
  }

  private static <T extends JsonNode> T parse(String text, String flag, Class<T> type) {
    try {
      JsonNode node = CeleryJson.mapper().readTree(text);
      if (!type.isInstance(node)) {
        throw new ConfigurationException(
            flag
                + " must be a JSON "
                + (type == ArrayNode.class ? "array" : "object")
                + "; got "
                + text);
      }
      return type.cast(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigurationException(
          flag + " is not valid JSON (" + e.getOriginalMessage() + "): " + text);
    }
  }
}
