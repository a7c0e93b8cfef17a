package dev.celeriac.broker.testing;

import org.opentest4j.TestAbortedException;

/**
 * The one place that decides whether this test run is CI, and so whether a missing prerequisite (a
 * broker, Docker, Python Celery, Chromium, a broker container of the test's own) skips a test or
 * fails it. A broken CI environment must not turn into a green run with tests quietly skipped.
 *
 * <pre>{@code
 * TestEnvironment.require(TestBroker.isContainer(), "a broker container of its own",
 *     "unset CELERIAC_TEST_BROKER_URL so the tests start one");
 * }</pre>
 *
 * <p>CI means: the system property {@value #REQUIRED} is {@code true} (scripts/test.sh sets it when
 * {@code CI} is set), or the environment variable {@code CI} is set to anything but blank or {@code
 * false}.
 *
 * <p><b>Concurrency:</b> stateless; safe from any thread.
 */
public final class TestEnvironment {

  /** System property that makes every missing test prerequisite a failure, as in CI. */
  public static final String REQUIRED = "celeriac.test.broker.required";

  private TestEnvironment() {}

  /** Whether this run is CI, where nothing may be skipped for want of a prerequisite. */
  public static boolean inCi() {
    return inCi(System.getenv("CI"), System.getProperty(REQUIRED));
  }

  /**
   * The rule itself, for a given {@code CI} variable and {@value #REQUIRED} property (either may be
   * null): so that copies of it, such as the one in the celeriac-test artifact, which cannot depend
   * on this jar, can be checked to decide alike.
   */
  public static boolean inCi(String ciVariable, String requiredProperty) {
    return Boolean.parseBoolean(requiredProperty)
        || (ciVariable != null && !ciVariable.isBlank() && !"false".equalsIgnoreCase(ciVariable));
  }

  /**
   * Returns when {@code met}; otherwise skips the calling test, or in CI fails it.
   *
   * @param met whether the prerequisite is there
   * @param what the prerequisite, e.g. "Python Celery (python3 -c 'import celery')"
   * @param fix how to provide it, e.g. "apt-get install -y python3-celery"
   */
  public static void require(boolean met, String what, String fix) {
    if (!met) {
      throw missing(what, fix);
    }
  }

  /**
   * What to throw for a missing prerequisite: JUnit's skip, or in CI a failure.
   *
   * @see #require(boolean, String, String)
   */
  public static RuntimeException missing(String what, String fix) {
    if (inCi()) {
      return new IllegalStateException(
          "This test needs "
              + what
              + ", which is required in CI (env CI set or -D"
              + REQUIRED
              + "=true). "
              + fix);
    }
    return new TestAbortedException("Skipped: this test needs " + what + ". " + fix);
  }
}
