package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.BrokerUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Start-up failures that need no broker: each fails the context with one message. */
class CeleriacAutoConfigurationTest {

  /** Nothing listens on port 1: the connection is refused at once. */
  static final String NO_BROKER = "amqp://app:secret@127.0.0.1:1//";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CeleriacAutoConfiguration.class))
          .withPropertyValues("celeriac.connect-attempts=1");

  @Test
  void unreachableBrokerFailsTheStartNamingTheUrlAndTheProperty() {
    runner
        .withPropertyValues("celeriac.broker-url=" + NO_BROKER)
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              FailureAnalysis analysis = new CeleriacFailureAnalyzer().analyze(failure);

              assertThat(analysis.getCause()).isInstanceOf(BrokerUnavailableException.class);
              assertThat(analysis.getDescription())
                  .startsWith("Cannot connect to the broker at amqp://app:**@127.0.0.1:1//")
                  .contains("named by property celeriac.broker-url")
                  .contains("after 1 attempt(s)")
                  .doesNotContain("secret");
              assertThat(analysis.getAction()).contains("celeriac.*");
            });
  }

  @Test
  void badPropertyFailsTheStartWithTheRule() {
    runner
        .withPropertyValues("celeriac.broker-url=" + NO_BROKER, "celeriac.queue-type=lazy")
        .run(
            context ->
                assertThat(new CeleriacFailureAnalyzer().analyze(context.getStartupFailure()))
                    .satisfies(
                        analysis ->
                            assertThat(analysis.getDescription())
                                .contains("queue type must be classic or quorum; got 'lazy'")));
  }

  @Test
  void backsOffWhenTheApplicationHasNoCeleriacOnItsClassPath() {
    runner
        .withClassLoader(
            new org.springframework.boot.test.context.FilteredClassLoader(
                dev.celeriac.client.Celeriac.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("celeriac"));
  }
}
