package dev.celeriac.cli.interop;

import dev.celeriac.broker.testing.PythonCelery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The interop app's Python side (src/test/resources/interop): processes with it importable, and
 * driver.py as a Python Celery client. Checking that Python Celery is there is {@link
 * PythonCelery}'s.
 */
public final class PythonInterop {

  private PythonInterop() {}

  /** Where the interop Python files are on the test classpath (copied from src/test/resources). */
  public static java.nio.file.Path interopDir() {
    try {
      return java.nio.file.Path.of(
              PythonInterop.class.getResource("/interop/celeriac_interop.py").toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A process running Python with the interop app importable and its broker set. */
  public static ProcessBuilder process(
      String broker, java.nio.file.Path recordDir, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PYTHONPATH", interopDir().toString());
    builder.environment().put("INTEROP_BROKER", broker);
    builder.environment().put("INTEROP_RECORD_DIR", recordDir.toString());
    return builder;
  }

  /** Runs driver.py as a Python Celery client; returns the JSON it printed. */
  public static com.fasterxml.jackson.databind.JsonNode drive(
      String broker, java.nio.file.Path recordDir, String... args)
      throws IOException, InterruptedException {
    return drive(java.util.Map.of(), broker, recordDir, args);
  }

  /**
   * As {@link #drive(String, java.nio.file.Path, String...)} with more environment, e.g. {@code
   * INTEROP_BACKEND} for the client's result backend.
   */
  public static com.fasterxml.jackson.databind.JsonNode drive(
      java.util.Map<String, String> env,
      String broker,
      java.nio.file.Path recordDir,
      String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(PythonCelery.PYTHON, interopDir().resolve("driver.py").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = process(broker, recordDir, command.toArray(String[]::new));
    builder.environment().putAll(env);
    Process p = builder.redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("driver.py " + String.join(" ", args) + " failed:\n" + out + err);
    }
    String[] lines = out.strip().split("\n");
    return dev.celeriac.protocol.CeleryJson.read(
        lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
  }
}
