package dev.celeriac.broker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Python Celery 5.2 (Debian's python3-celery and friends under /usr/bin/python3) for interop tests:
 * checks that the Python modules a test needs are there, and runs Python snippets. Outside CI a
 * missing module skips the test; in CI ({@link TestEnvironment}) it fails it.
 *
 * <p><b>Concurrency:</b> stateless; safe from any thread.
 */
public final class PythonCelery {

  public static final String PYTHON = "/usr/bin/python3";

  /**
   * Prepended to every result-backend script: a Celery app whose result backend is {@code
   * sys.argv[1]}. No broker is used; results are read and written directly.
   */
  private static final String BACKEND_PRELUDE =
      """
      import json, sys
      from celery import Celery
      from celery.result import AsyncResult, GroupResult
      app = Celery("interop", broker="memory://", backend=sys.argv[1])
      """;

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

  /**
   * Skips (or, in CI, fails) unless {@code import modules} succeeds under {@link #PYTHON}.
   *
   * @param modules as after Python's {@code import}, e.g. "celery, redis"
   * @param packages the Debian packages that provide them, for the message
   */
  public static void require(String modules, String packages) {
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

  /** Runs a Python snippet with the given arguments ({@code sys.argv[1:]}); returns its output. */
  public static String run(String script, String... args) throws IOException, InterruptedException {
    return output(start(script, args));
  }

  /**
   * Starts a result-backend script: {@code app} is a Celery app on the backend {@code sys.argv[1]}
   * ({@code backendUrl}), with {@code json}, {@code sys}, {@code AsyncResult} and {@code
   * GroupResult} imported; {@code args} follow as {@code sys.argv[2:]}.
   */
  public static Process startWithBackend(String script, String backendUrl, String... args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of(backendUrl));
    all.addAll(List.of(args));
    return start(BACKEND_PRELUDE + script, all.toArray(String[]::new));
  }

  /** Runs a result-backend script (see {@link #startWithBackend}) to its end; its last line. */
  public static String runWithBackend(String script, String backendUrl, String... args)
      throws IOException, InterruptedException {
    return lastLine(startWithBackend(script, backendUrl, args));
  }

  /** Waits for a started script; returns its last output line, or fails with all its output. */
  public static String lastLine(Process p) throws IOException, InterruptedException {
    String[] lines = output(p).strip().split("\n");
    return lines[lines.length - 1];
  }

  private static Process start(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Waits for a started script; returns all its output, or fails with it. */
  private static String output(Process p) throws IOException, InterruptedException {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("python failed:\n" + out);
    }
    return out;
  }
}
