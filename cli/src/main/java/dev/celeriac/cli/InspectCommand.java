package dev.celeriac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.control.Inspect;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac inspect ping|...}: Celery's {@code celery inspect}, for workers of both
 * languages.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Ask workers (Celeriac and Python Celery) about themselves, over Celery's pidbox.",
      "  ping           are you there?",
      "  active         tasks running now",
      "  reserved       tasks received, waiting for a slot",
      "  scheduled      tasks waiting for their ETA",
      "  registered     task names",
      "  stats          counters, pool, broker",
      "  active_queues  queues consumed",
      "  revoked        revoked task ids remembered",
      "Exit code 1 when no worker replied in time."
    })
final class InspectCommand implements Callable<Integer> {

  static final List<String> METHODS =
      List.of(
          "ping",
          "active",
          "reserved",
          "scheduled",
          "registered",
          "stats",
          "active_queues",
          "revoked");

  @Parameters(
      index = "0",
      paramLabel = "METHOD",
      description = "ping, active, reserved, scheduled, registered, stats, active_queues, revoked")
  String method;

  @Mixin RemoteOptions remote;

  @Mixin BrokerOptions broker;

  @Mixin SecurityOptions security;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LogSetup.apply("warning");
    if (!METHODS.contains(method)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "METHOD must be one of " + METHODS + "; got '" + method + "'");
    }
    try (Celeriac app = broker.connect("celeriac-inspect", security)) {
      Inspect inspect = remote.control(app).inspect();
      Map<String, JsonNode> replies =
          switch (method) {
            case "ping" -> inspect.ping();
            case "active" -> inspect.active();
            case "reserved" -> inspect.reserved();
            case "scheduled" -> inspect.scheduled();
            case "registered" -> inspect.registered();
            case "stats" -> inspect.stats();
            case "revoked" -> inspect.revoked();
            default -> inspect.activeQueues();
          };
      return ReplyPrinter.print(
          spec.commandLine().getOut(), spec.commandLine().getErr(), replies, remote.json);
    }
  }
}
