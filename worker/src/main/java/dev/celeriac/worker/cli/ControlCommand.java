package dev.celeriac.worker.cli;

import dev.celeriac.client.Celeriac;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code celeriac control revoke ID...}: remote control of workers of both languages. */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = {
      "Remote control of workers.",
      "  revoke ID...  never run these tasks (kept by the broker; Python workers told too)"
    })
final class ControlCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "COMMAND", description = "revoke")
  String command;

  @Parameters(index = "1..*", paramLabel = "ID", description = "task ids")
  List<String> ids = List.of();

  @Option(names = "--terminate", description = "revoke: also interrupt the task if it is running.")
  boolean terminate;

  @Mixin BrokerOptions broker;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LogSetup.apply("warning");
    if (!"revoke".equals(command)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "COMMAND must be revoke; got '" + command + "'");
    }
    if (ids.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give at least one task ID to revoke");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Celeriac app =
        Celeriac.builder().broker(broker.settings()).connectionName("celeriac-control").build()) {
      for (String id : ids) {
        app.control().revoke(id, terminate);
        out.println("revoked " + id + (terminate ? " (terminate)" : ""));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
