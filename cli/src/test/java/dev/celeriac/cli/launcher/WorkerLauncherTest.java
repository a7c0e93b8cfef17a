package dev.celeriac.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.cli.CeleriacCommand;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerLauncherTest {

  private static Path repository(String path) {
    Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
    Path file = root.resolve(path);
    return Files.exists(file) ? file : Path.of("..").resolve(path);
  }

  @Test
  void productOptionsAreReadFromTheOneFileWithCommentsLeftOut() {
    List<String> options = JvmOptions.product();
    assertThat(options)
        .contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
        .allMatch(o -> o.startsWith("-"));
    assertThat(JvmOptions.parse("# a comment\n-Xms16m  # why\n\n-XX:+A -XX:+B\n"))
        .containsExactly("-Xms16m", "-XX:+A", "-XX:+B");
    assertThatThrownBy(() -> JvmOptions.parse("-Dname=\"a b\"\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("without quotes");
  }

  @Test
  void binCeleriacAndTheWorkerImageReadTheSameOptionsFile() throws Exception {
    String script = Files.readString(repository("bin/celeriac"));
    assertThat(script)
        .contains("cli/src/main/resources" + JvmOptions.RESOURCE)
        .contains("\"@$JVM_OPTIONS\" ${CELERIAC_JAVA_OPTS:-} -jar");
    String dockerfile = Files.readString(repository("cli/src/main/docker/Dockerfile"));
    assertThat(dockerfile)
        .contains(JvmOptions.RESOURCE.substring(1))
        .contains("exec java @/opt/celeriac/jvm.options $CELERIAC_JAVA_OPTS -jar");
  }

  @Test
  void startsTheCliWorkerWithTheProductOptionsThenTheUsersOnly() {
    WorkerLauncher launcher =
        WorkerLauncher.builder()
            .classPath("celeriac.jar")
            .app("com.example.Tasks")
            .broker("amqp://mq//")
            .queues("q1,q2")
            .hostname("w1@h")
            .loglevel("info")
            .args("-c", "4")
            .environment(JvmOptions.ENV, " -Xmx1g  -Dx=y ")
            .build();
    List<String> expected =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    expected.addAll(JvmOptions.product());
    expected.addAll(
        List.of(
            "-Xmx1g",
            "-Dx=y",
            "-cp",
            "celeriac.jar",
            CeleriacCommand.class.getName(),
            "-A",
            "com.example.Tasks",
            "worker",
            "--broker",
            "amqp://mq//",
            "--queues",
            "q1,q2",
            "--hostname",
            "w1@h",
            "--loglevel",
            "info",
            "-c",
            "4"));
    assertThat(launcher.command()).containsExactlyElementsOf(expected);
  }

  @Test
  void aWorkerWithoutTasksIsAConfigurationError() {
    assertThatThrownBy(() -> WorkerLauncher.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("app(");
  }

  @Test
  void aWorkerThatExitsBeforeItIsReadyFailsTheWaitWithItsOutput() throws Exception {
    Path log;
    try (LaunchedWorker worker =
        WorkerLauncher.builder()
            .app("no.such.Tasks")
            .broker("amqp://guest:guest@127.0.0.1:1//")
            .build()
            .start()) {
      log = worker.log();
      assertThatThrownBy(() -> worker.awaitReady(Duration.ofSeconds(60)))
          .isInstanceOf(CeleriacException.class)
          .hasMessageContaining("exited with code")
          .hasMessageContaining("no.such.Tasks");
      assertThat(worker.isAlive()).isFalse();
      assertThat(worker.output()).contains("no.such.Tasks");
    }
    assertThat(log).doesNotExist();
  }
}
