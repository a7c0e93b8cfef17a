package dev.celeriac.cli.interop;

import dev.celeriac.broker.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python Celery (Debian's python3-celery, under /usr/bin/python3) for interop tests. Outside
 * CI a missing Celery skips the test; in CI ({@link TestEnvironment}) it fails it.
 */
public final class PythonCelery {

  public static final String PYTHON = "/usr/bin/python3";

  private PythonCelery() {}

  /** Skips (or, in CI, fails) unless Python Celery is importable. */
  public static void require() {
    require("celery", "python3-celery");
  }

  /** Skips (or, in CI, fails) unless Python Celery and redis-py are importable. */
  public static void requireWithRedis() {
    require("celery, redis", "python3-celery python3-redis");
  }

  /** Skips (or, in CI, fails) unless Python Celery, SQLAlchemy and psycopg2 are importable. */
  public static void requireWithPostgres() {
    require("celery, sqlalchemy, psycopg2", "python3-celery python3-sqlalchemy python3-psycopg2");
  }

  /** Skips (or, in CI, fails) unless Python Celery and cryptography (message signing) are there. */
  public static void requireWithSigning() {
    require("celery, cryptography", "python3-celery python3-cryptography");
  }

  private static void require(String modules, String packages) {
    boolean present;
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import " + modules).redirectErrorStream(true).start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    TestEnvironment.require(
        present,
        "Python modules " + modules + " under " + PYTHON,
        "Install them: apt-get install -y " + packages);
  }

  /** Where the interop Python files are on the test classpath (copied from src/test/resources). */
  public static java.nio.file.Path interopDir() {
    try {
      return java.nio.file.Path.of(
              PythonCelery.class.getResource("/interop/celeriac_interop.py").toURI())
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
        new ArrayList<>(List.of(PYTHON, interopDir().resolve("driver.py").toString()));
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

  /** Runs a Python snippet with the given arguments ({@code sys.argv[1:]}); returns its output. */
  public static String run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("python failed:\n" + out);
    }
    return out;
  }
}
