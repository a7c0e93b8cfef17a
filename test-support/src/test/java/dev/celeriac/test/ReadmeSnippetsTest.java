package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java examples in the README's "Testing your tasks" section are excerpts of this module's
 * tests, which the build runs, so the README cannot show code that does not work.
 */
class ReadmeSnippetsTest {

  private static final Path ROOT =
      Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
  private static final Path TESTS = Path.of("src/test/java/dev/celeriac/test");

  @Test
  void everyJavaExampleInTestingYourTasksIsCopiedFromARunningTest() throws IOException {
    String readme = Files.readString(readme());
    int start = readme.indexOf("## Testing your tasks");
    assertThat(start).as("README has a 'Testing your tasks' section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    String tests =
        normalize(Files.readString(TESTS.resolve("MathTasksTest.java")))
            + "\n"
            + normalize(Files.readString(TESTS.resolve("MathTasksIT.java")));

    List<String> examples = javaBlocks(section);

    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    for (String example : examples) {
      assertThat(tests).as("README example found in the tests").contains(normalize(example));
    }
  }

  private static Path readme() {
    Path readme = ROOT.resolve("README.md");
    return Files.exists(readme) ? readme : Path.of("..", "README.md");
  }

  private static List<String> javaBlocks(String markdown) {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** Indentation differs (the README drops the class's); the code does not. */
  private static String normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
