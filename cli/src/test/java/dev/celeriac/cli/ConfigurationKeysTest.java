package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.beat.BeatKeys;
import dev.celeriac.broker.BrokerKeys;
import dev.celeriac.broker.ConfigKey;
import dev.celeriac.client.results.ResultKeys;
import dev.celeriac.monitor.MonitorKeys;
import dev.celeriac.worker.WorkerKeys;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keys each module declares, seen together as the CLI reads them: docs/configuration.md lists
 * every one, no two share a variable or a flag, and each module's list holds all it declares.
 */
class ConfigurationKeysTest {

  @Test
  void docsListEveryKeyOfEveryModule() throws Exception {
    Path doc =
        Path.of(
            System.getProperty("maven.multiModuleProjectDirectory", ".."),
            "docs",
            "configuration.md");
    if (!Files.exists(doc)) {
      doc = Path.of("..", "docs", "configuration.md");
    }
    String text = Files.readString(doc);
    for (ConfigKey key : CliKeys.EVERY) {
      assertThat(text)
          .as("docs/configuration.md mentions " + key.env())
          .contains("`" + key.env() + "`")
          .contains(key.flag());
    }
  }

  @Test
  void noTwoKeysShareAVariableOrAFlag() {
    assertThat(CliKeys.EVERY.stream().map(ConfigKey::env)).doesNotHaveDuplicates();
    assertThat(CliKeys.EVERY.stream().map(ConfigKey::flag)).doesNotHaveDuplicates();
  }

  @Test
  void eachModuleListsEveryKeyItDeclares() throws Exception {
    for (Map.Entry<Class<?>, List<ConfigKey>> module :
        Map.of(
                BrokerKeys.class, BrokerKeys.ALL,
                ResultKeys.class, ResultKeys.ALL,
                dev.celeriac.client.SecurityKeys.class, dev.celeriac.client.SecurityKeys.ALL,
                WorkerKeys.class, WorkerKeys.ALL,
                MonitorKeys.class, MonitorKeys.ALL,
                BeatKeys.class, BeatKeys.ALL,
                CliKeys.class, CliKeys.ALL)
            .entrySet()) {
      List<ConfigKey> declared = new ArrayList<>();
      for (Field field : module.getKey().getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigKey.class) {
          declared.add((ConfigKey) field.get(null));
        }
      }
      assertThat(module.getValue())
          .as(module.getKey().getSimpleName() + ".ALL")
          .containsExactlyInAnyOrderElementsOf(declared);
    }
  }

  @Test
  void optionDefaultsComeFromTheEnvironmentThroughTheModulesKeys() {
    EnvironmentDefaults defaults =
        new EnvironmentDefaults(
            Map.of(
                "CELERIAC_QUEUES",
                "orders",
                "CELERIAC_MONITOR_PORT",
                "7",
                "CELERIAC_RESULT_BACKEND",
                "redis://cache:6379/1"));
    var worker = CeleriacCommand.commandLine(Map.of()).getSubcommands().get("worker");
    var monitor = CeleriacCommand.commandLine(Map.of()).getSubcommands().get("monitor");
    assertThat(defaults.defaultValue(worker.getCommandSpec().findOption("--queues")))
        .isEqualTo("orders");
    assertThat(defaults.defaultValue(monitor.getCommandSpec().findOption("--port"))).isEqualTo("7");
    for (String command : List.of("worker", "call", "result", "monitor")) {
      var spec = CeleriacCommand.commandLine(Map.of()).getSubcommands().get(command);
      assertThat(defaults.defaultValue(spec.getCommandSpec().findOption("--result-backend")))
          .as(command + " --result-backend")
          .isEqualTo("redis://cache:6379/1");
    }
    assertThat(defaults.defaultValue(worker.getCommandSpec().findOption("--loglevel")))
        .isEqualTo("warning");
  }
}
