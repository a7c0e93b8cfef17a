package dev.celeriac.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker image, built once per test JVM from the repository's Dockerfile with the CLI jar this
 * build just made, so container tests run the code under test. Base images come from {@code
 * CELERIAC_BUILD_IMAGE} / {@code CELERIAC_RUNTIME_IMAGE} (set by scripts/test.sh where nothing can
 * be pulled), else the Dockerfile's official defaults.
 */
final class WorkerImage {

  static final String NAME = "celeriac-worker:it";

  private static boolean built;

  private WorkerImage() {}

  static synchronized String name() {
    if (!built) {
      build();
      built = true;
    }
    return NAME;
  }

  private static void build() {
    Path jar = Path.of(System.getProperty("celeriac.cli.jar", "target/celeriac.jar"));
    Path dockerfile = Path.of("src/main/docker/Dockerfile");
    try {
      Path context = Files.createTempDirectory("celeriac-worker-image");
      Files.createDirectories(context.resolve("cli/target"));
      Files.copy(jar, context.resolve("cli/target/celeriac.jar"));
      Files.copy(dockerfile, context.resolve("Dockerfile"), StandardCopyOption.REPLACE_EXISTING);
      List<String> command = new ArrayList<>(List.of("docker", "build", "-q", "-t", NAME));
      for (String arg : new String[] {"BUILD_IMAGE", "RUNTIME_IMAGE"}) {
        String value = System.getenv("CELERIAC_" + arg);
        if (value != null && !value.isBlank()) {
          command.addAll(List.of("--build-arg", arg + "=" + value));
        }
      }
      command.add(context.toString());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("DOCKER_BUILDKIT", "0");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("docker build of the worker image failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the worker image: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted building the worker image", e);
    }
  }
}
