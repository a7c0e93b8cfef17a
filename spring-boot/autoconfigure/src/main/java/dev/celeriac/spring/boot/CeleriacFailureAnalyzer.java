package dev.celeriac.spring.boot;

import dev.celeriac.error.CeleriacException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a start-up failure of Celeriac's (an unreachable broker, a bad property, a task name
 * declared twice) as one message, instead of the chain of bean-creation exceptions around it. Its
 * messages say what to change already.
 */
public final class CeleriacFailureAnalyzer extends AbstractFailureAnalyzer<CeleriacException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CeleriacException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Correct the celeriac.* properties (or CELERIAC_* environment variables) or the @Task"
            + " beans named above; docs/spring-boot.md lists the properties.",
        cause);
  }
}
