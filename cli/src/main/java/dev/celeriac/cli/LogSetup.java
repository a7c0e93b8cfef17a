package dev.celeriac.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import dev.celeriac.error.ConfigurationException;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures the CLI's logging: Celery's line format on standard error at the level of {@code
 * -l/--loglevel}. Done in code, not with a logback.xml in the jar, so that applications embedding
 * the worker keep their own configuration.
 */
public final class LogSetup {

  static final String PATTERN = "[%d{\"yyyy-MM-dd HH:mm:ss,SSS\"}: %level/%thread] %msg%n";

  private LogSetup() {}

  /** Maps Celery's level names (debug, info, warning, error, critical) to Logback levels. */
  static Level level(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warning", "warn" -> Level.WARN;
      case "error", "critical", "fatal" -> Level.ERROR;
      default ->
          throw new ConfigurationException(
              "log level must be debug, info, warning, error or critical; got '" + name + "'");
    };
  }

  /** Configures console logging at a Celery level name (debug, info, warning, error, critical). */
  public static void apply(String levelName) {
    Level level = level(levelName);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend is in charge
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    root.setLevel(level);
    // Libraries' chatter stays out unless asked for with -l debug.
    for (String noisy :
        new String[] {"com.rabbitmq", "io.github.classgraph", "org.apache.qpid", "qpid.message"}) {
      context.getLogger(noisy).setLevel(level == Level.DEBUG ? Level.DEBUG : Level.WARN);
    }
  }
}
