package dev.celeriac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.control.Control;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code celeriac control COMMAND ...}: remote control of workers of both languages. */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = {
      "Remote control of workers (Celeriac and Python Celery), over Celery's pidbox.",
      "  revoke ID...                never run these tasks (kept by the broker; Python workers told too)",
      "  shutdown                    warm shutdown (use -d to pick workers)",
      "  rate_limit TASK RATE        e.g. rate_limit tasks.add 10/m; RATE 0 removes the limit",
      "  add_consumer QUEUE          start consuming QUEUE",
      "  cancel_consumer QUEUE       stop consuming QUEUE",
      "Exit code 1 when no worker replied in time (Python workers do not reply to shutdown)."
    })
final class ControlCommand implements Callable<Integer> {

  static final List<String> COMMANDS =
      List.of("revoke", "shutdown", "rate_limit", "add_consumer", "cancel_consumer");

  @Parameters(
      index = "0",
      paramLabel = "COMMAND",
      description = "revoke, shutdown, rate_limit, add_consumer or cancel_consumer")
  String command;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "the command's arguments")
  List<String> args = List.of();

  @Option(names = "--terminate", description = "revoke: also interrupt the task if it is running.")
  boolean terminate;

  @Mixin RemoteOptions remote;

  @Mixin BrokerOptions broker;

  @Mixin SecurityOptions security;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LogSetup.apply("warning");
    if (!COMMANDS.contains(command)) {
      throw usage("COMMAND must be one of " + COMMANDS + "; got '" + command + "'");
    }
    int expected =
        switch (command) {
          case "shutdown" -> 0;
          case "rate_limit" -> 2;
          case "add_consumer", "cancel_consumer" -> 1;
          default -> -1; // revoke: one or more
        };
    if (expected >= 0 && args.size() != expected) {
      throw usage(command + " takes " + expected + " argument(s); got " + args);
    }
    if (expected < 0 && args.isEmpty()) {
      throw usage("give at least one task ID to revoke");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Celeriac app = broker.connect("celeriac-control", security)) {
      Control control = remote.control(app);
      if (command.equals("revoke")) {
        for (String id : args) {
          control.revoke(id, terminate);
          out.println(
              remote.json
                  ? "{\"revoked\": \"" + id + "\", \"terminate\": " + terminate + "}"
                  : "revoked " + id + (terminate ? " (terminate)" : ""));
        }
        out.flush();
        return ExitCodes.OK;
      }
      Map<String, JsonNode> replies =
          switch (command) {
            case "shutdown" -> control.shutdown();
            case "rate_limit" -> control.rateLimit(args.get(0), args.get(1));
            case "add_consumer" -> control.addConsumer(args.get(0));
            default -> control.cancelConsumer(args.get(0));
          };
      return ReplyPrinter.print(out, spec.commandLine().getErr(), replies, remote.json);
    }
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }
}
