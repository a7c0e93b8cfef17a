package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.Periodic;
import dev.celeriac.Task;
import dev.celeriac.beat.BeatRole;
import dev.celeriac.beat.BeatSettings;
import dev.celeriac.client.Celeriac;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.test.EagerCeleriac;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The embedded beat's wiring without a broker: the client is a stand-in, and the beat, which
 * connects on its own thread, stands by retrying a broker that refuses at once.
 */
class CeleriacBeatTest {

  static class ReportTasks {
    @Task(name = "reports.hourly")
    @Periodic(name = "hourly-report", every = "1h")
    public void hourly() {}
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CeleriacAutoConfiguration.class))
          .withBean(Celeriac.class, EagerCeleriac::of)
          .withBean(ReportTasks.class)
          .withPropertyValues(
              "celeriac.broker-url=" + CeleriacAutoConfigurationTest.NO_BROKER,
              "celeriac.worker.enabled=false");

  @Test
  void noBeatUnlessEnabled() {
    runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CeleriacBeat.class));
  }

  @Test
  void enabledBeatRunsWithTheContextAndStandsByWithoutABroker() {
    CeleriacBeat[] beat = new CeleriacBeat[1];
    runner
        .withPropertyValues(
            "celeriac.beat.enabled=true", "celeriac.beat.schedule=classpath:beat/schedule.json")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(CeleriacBeat.class);
              beat[0] = context.getBean(CeleriacBeat.class);
              assertThat(beat[0].isRunning()).isTrue();
              assertThat(beat[0].getPhase()).isGreaterThan(CeleriacWorker.PHASE);
              assertThat(beat[0].role()).isEqualTo(BeatRole.STANDBY);
            });
    assertThat(beat[0].isRunning()).as("stopped with the context").isFalse();
    assertThat(beat[0].role()).isEqualTo(BeatRole.STOPPED);
  }

  @Test
  void badScheduleFailsTheStartNamingTheEntryAndTheProperty() {
    runner
        .withPropertyValues(
            "celeriac.beat.enabled=true", "celeriac.beat.schedule=classpath:beat/bad-schedule.json")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("entry 'nightly-report', field schedule")
                    .hasMessageContaining("bad-schedule.json")
                    .hasMessageContaining("celeriac.beat.schedule"));
  }

  @Test
  void missingScheduleFileFailsTheStartNamingTheProperty() {
    runner
        .withPropertyValues(
            "celeriac.beat.enabled=true", "celeriac.beat.schedule=classpath:beat/none.json")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Cannot read the beat schedule")
                    .hasMessageContaining("Point celeriac.beat.schedule at a readable file"));
  }

  @Test
  void badTimezoneFailsTheStartNamingTheProperty() {
    runner
        .withPropertyValues("celeriac.beat.enabled=true", "celeriac.beat.timezone=Mars/Olympus")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "celeriac.beat.timezone 'Mars/Olympus' is not a time zone"));
  }

  @Test
  void beatWithoutEntriesFailsTheStartSayingWhereEntriesComeFrom() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CeleriacAutoConfiguration.class))
        .withBean(Celeriac.class, EagerCeleriac::of)
        .withPropertyValues("celeriac.worker.enabled=false", "celeriac.beat.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("the beat has no entries")
                    .hasMessageContaining("@Periodic")
                    .hasMessageContaining("celeriac.beat.schedule"));
  }

  @Test
  void defaultsAreTheCommandsDefaults() {
    CeleriacProperties.Beat beat = new CeleriacProperties().getBeat();
    assertThat(beat.getGroup()).isEqualTo(BeatSettings.DEFAULT_GROUP);
    assertThat(beat.getMisfireThreshold()).isEqualTo(BeatSettings.DEFAULT_MISFIRE_THRESHOLD);
  }

  @Test
  void healthNamesTheBeatsRole() {
    assertThat(CeleriacHealthIndicator.beatRole(BeatRole.SENDING)).isEqualTo("sender");
    assertThat(CeleriacHealthIndicator.beatRole(BeatRole.STANDBY)).isEqualTo("standby");
  }
}
