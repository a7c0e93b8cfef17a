package dev.celeriac.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.deadletter.DeadLetterQueue;
import dev.celeriac.protocol.CeleryJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code celeriac dead-letters list|replay|purge}: inspect and recover what workers set aside. */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect, replay or purge the messages workers dead-lettered (<queue>.dead-letter).",
      "  list    show them, oldest first, leaving them in place",
      "  replay  put them back on their queue, unchanged (optionally only one task id or name);",
      "          letters message signing refused stay unless their original signed body",
      "          verifies against --security-cert-store: replay never signs",
      "  purge   drop them (asks first unless -f)"
    })
final class DeadLettersCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ACTION", description = "list, replay or purge")
  String action;

  @Mixin BrokerOptions broker;

  @Mixin SecurityOptions security;

  @Option(
      names = {"-Q", "--queue"},
      paramLabel = "QUEUE",
      description = "The task queue (default: ${DEFAULT-VALUE}).",
      defaultValue = "celery")
  String queue;

  @Option(
      names = {"-n", "--max"},
      paramLabel = "N",
      description = "At most this many (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int max;

  @Option(
      names = "--id",
      paramLabel = "TASK_ID",
      description = "replay: only the task with this id.")
  String taskId;

  @Option(names = "--task", paramLabel = "NAME", description = "replay: only tasks of this name.")
  String taskName;

  @Option(names = "--json", description = "list: one JSON object per line.")
  boolean json;

  @Option(
      names = {"-f", "--force"},
      description = "purge: do not ask.")
  boolean force;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    try (BrokerConnection connection =
        BrokerConnection.open(broker.settings(), "celeriac-dead-letters")) {
      DeadLetterQueue dead = new DeadLetterQueue(connection, queue);
      switch (action.toLowerCase(Locale.ROOT)) {
        case "list" -> list(dead, out);
        case "replay" -> {
          DeadLetterQueue.Replayed r =
              dead.replay(
                  l ->
                      (taskId == null || taskId.equals(l.taskId()))
                          && (taskName == null || taskName.equals(l.taskName())),
                  security.replayVerifier(),
                  max);
          out.println("replayed " + r.replayed() + " message(s) from " + dead.name());
          if (r.heldBack() > 0) {
            out.println(heldBack(r.heldBack()));
            out.flush();
            return ExitCodes.FAILURE;
          }
        }
        case "purge" -> {
          long count = dead.count();
          if (!force
              && !confirm(out, "Purge " + count + " message(s) from " + dead.name() + "? [y/N] ")) {
            out.println("not purged");
            return ExitCodes.FAILURE;
          }
          out.println("purged " + dead.purge() + " message(s) from " + dead.name());
        }
        default ->
            throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "ACTION must be list, replay or purge; got '" + action + "'");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  static String heldBack(int count) {
    return "held back "
        + count
        + " message(s) that message signing refused (unsigned, untrusted certificate or"
        + " tampered): replay republishes a message as it is and never signs it, and their"
        + " original signed body does not verify against the cert store given"
        + " (--security-cert-store / CELERIAC_SECURITY_CERT_STORE). Trust their signer's"
        + " certificate there and replay again, have the sender send them anew, or purge them.";
  }

  private void list(DeadLetterQueue dead, PrintWriter out) {
    var letters = dead.list(max);
    for (DeadLetterQueue.DeadLetter l : letters) {
      if (json) {
        ObjectNode node = CeleryJson.mapper().valueToTree(l);
        out.println(node.toString());
      } else {
        out.printf(
            "%s  %s[%s]  from %s by %s%n    reason: %s%n    body:   %s%n",
            l.time(), l.taskName(), l.taskId(), l.queue(), l.worker(), l.reason(), l.body());
      }
    }
    if (!json) {
      out.println(letters.size() + " dead letter(s) shown from " + dead.name());
    }
  }

  private boolean confirm(PrintWriter out, String question) throws java.io.IOException {
    out.print(question);
    out.flush();
    String answer =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
  }
}
