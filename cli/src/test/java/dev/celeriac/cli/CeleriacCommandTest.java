package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CeleriacCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = CeleriacCommand.commandLine(env);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void unknownOptionExitsWithUsageCode() {
    assertThat(run(Map.of(), "worker", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Unknown option: '--no-such-flag'")
        .contains("Usage: celeriac worker");
  }

  @Test
  void monitorRefusesAnOpenAddressWithoutALogin() {
    assertThat(run(Map.of(), "monitor", "--address", "0.0.0.0")).isEqualTo(2);
    assertThat(err.toString()).contains("not a loopback address").contains("--basic-auth");
  }

  @Test
  void monitorTakesItsLoginFromTheEnvironmentToo() {
    // With the login from the environment the settings pass; the broker at port 1 then does not.
    int code =
        run(
            Map.of("CELERIAC_MONITOR_BASIC_AUTH", "admin:secret"),
            "monitor",
            "--address",
            "0.0.0.0",
            "-b",
            "amqp://guest:guest@127.0.0.1:1//",
            "--connect-attempts",
            "1");
    assertThat(code).isEqualTo(ExitCodes.BROKER_UNAVAILABLE);
  }

  @Test
  void missingCommandExitsWithUsageCode() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing a command");
  }

  @Test
  void workerWithoutAppExitsWithUsageCodeAndSaysWhatToDo() {
    assertThat(run(Map.of(), "worker")).isEqualTo(2);
    assertThat(err.toString()).contains("Give the tasks to run with -A");
  }

  @Test
  void badLogLevelExitsWithUsageCode() {
    assertThat(run(Map.of(), "-A", "dev.celeriac.examples.MathTasks", "worker", "-l", "loud"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("log level must be debug, info, warning, error or critical");
  }

  @Test
  void unknownAppExitsWithItsOwnCode() {
    assertThat(run(Map.of(), "-A", "com.nowhere.Tasks", "worker")).isEqualTo(ExitCodes.BAD_APP);
    assertThat(err.toString()).contains("com.nowhere.Tasks is neither a class nor a package");
  }

  @Test
  void unreachableBrokerExitsNonZeroNamingTheMaskedUrl() {
    int code =
        run(
            Map.of(),
            "-A",
            "dev.celeriac.examples.MathTasks",
            "worker",
            "--broker",
            "amqp://guest:secret@127.0.0.1:1//",
            "--connect-attempts",
            "2");
    assertThat(code).isEqualTo(ExitCodes.BROKER_UNAVAILABLE);
    assertThat(err.toString())
        .contains("Cannot connect to the broker at amqp://guest:**@127.0.0.1:1/")
        .contains("after 2 attempts")
        .doesNotContain("secret");
  }

  @Test
  void brokerUrlDefaultComesFromTheEnvironment() {
    run(Map.of("CELERIAC_BROKER_URL", "amqp://from-env:5672//"), "worker", "--help");
    assertThat(out.toString()).contains("amqp://from-env:");
  }

  @Test
  void helpExitsZero() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString()).contains("worker").contains("demo");
  }

  @Test
  void readsDurationsInCeleryStyle() {
    assertThat(WorkerCommand.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(WorkerCommand.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(WorkerCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WorkerCommand.duration("PT1H")).isEqualTo(Duration.ofHours(1));
  }
}
