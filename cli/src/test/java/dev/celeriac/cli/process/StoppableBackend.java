package dev.celeriac.cli.process;

/**
 * A result backend server of the test's own that it may stop and start again on the same port with
 * its data, for {@link BackendOutageDrill}.
 */
interface StoppableBackend extends AutoCloseable {

  /** Its result backend URL. */
  String url();

  /** Stops the server; clients see connection refused until {@link #restart}. */
  void stop() throws Exception;

  /** Starts the server again on the same port, with what it stored, and waits until it accepts. */
  void restart() throws Exception;

  /** How many results it holds, or -1 when it does not answer. */
  long stored() throws Exception;
}
