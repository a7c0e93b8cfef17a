package dev.celeriac.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key of the one table, so the docs cannot fall behind it. */
class ConfigurationDocTest {

  @Test
  void documentsEveryConfigKey() throws Exception {
    Path doc =
        Path.of(
            System.getProperty("maven.multiModuleProjectDirectory", ".."),
            "docs",
            "configuration.md");
    if (!Files.exists(doc)) {
      doc = Path.of("..", "docs", "configuration.md");
    }
    String text = Files.readString(doc);
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(text)
          .as("docs/configuration.md mentions " + key)
          .contains("`" + key.env() + "`")
          .contains(key.flag());
    }
  }
}
