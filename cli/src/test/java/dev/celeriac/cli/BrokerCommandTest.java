package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.embedded.EmbeddedBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CeleriacCommand.commandLine(Map.of());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void withoutEmbeddedItSaysWhatToDo() {
    assertThat(run("broker")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("add --embedded");
  }

  @Test
  void listensOnTheAmqpPortByDefaultNotTheMonitorsPort() {
    CommandLine cli = CeleriacCommand.commandLine(Map.of("CELERIAC_MONITOR_PORT", "5555"));
    CommandLine.ParseResult parsed = cli.parseArgs("broker", "--embedded");
    BrokerCommand broker = (BrokerCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(broker.port).isEqualTo(5672);
  }

  @Test
  void aPortInUseFailsWithTheAddressAndTheRemedy() {
    try (EmbeddedBroker running = EmbeddedBroker.start(EmbeddedBroker.options().port(0))) {
      assertThat(run("broker", "--embedded", "--port", Integer.toString(running.port())))
          .isEqualTo(ExitCodes.FAILURE);
      assertThat(err.toString())
          .contains("could not start on 127.0.0.1:" + running.port())
          .contains("--port");
    }
  }
}
