package dev.celeriac.cli;

import dev.celeriac.broker.BrokerUnavailableException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.error.TaskDefinitionException;
import picocli.CommandLine;

/**
 * The exit codes of {@code celeriac}: 0 ok, 1 failure, 2 usage (bad flags or values), 3 the tasks
 * given with {@code -A} cannot be loaded, 69 the broker is unreachable (sysexits' EX_UNAVAILABLE).
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int BAD_APP = 3;
  public static final int BROKER_UNAVAILABLE = 69;

  @Override
  public int getExitCode(Throwable exception) {
    return of(exception);
  }

  static int of(Throwable exception) {
    if (exception instanceof BrokerUnavailableException) {
      return BROKER_UNAVAILABLE;
    }
    if (exception instanceof TaskDefinitionException) {
      return BAD_APP;
    }
    if (exception instanceof ConfigurationException
        || exception instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILURE;
  }
}
