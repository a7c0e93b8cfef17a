package dev.celeriac.cli.launcher;

import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM options celeriac processes run with: the product's, from the one file {@value #RESOURCE}
 * (which bin/celeriac and the worker image pass to {@code java} as an argument file), followed by
 * the user's from {@value #ENV}, exactly as bin/celeriac orders them.
 *
 * <pre>{@code
 * List<String> options = JvmOptions.of(System.getenv()); // [-XX:+UseSerialGC, ..., user's]
 * }</pre>
 */
public final class JvmOptions {

  /** The class path resource holding the product's options, in the java argument-file format. */
  public static final String RESOURCE = "/dev/celeriac/cli/launcher/jvm.options";

  /** The environment variable with further options, split on whitespace like bin/celeriac does. */
  public static final String ENV = "CELERIAC_JAVA_OPTS";

  private JvmOptions() {}

  /** The product's options, then those of {@value #ENV} in {@code environment}. */
  public static List<String> of(Map<String, String> environment) {
    List<String> options = new ArrayList<>(product());
    options.addAll(split(environment.getOrDefault(ENV, "")));
    return List.copyOf(options);
  }

  /** The product's options, read from {@value #RESOURCE}. */
  public static List<String> product() {
    try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new ConfigurationException(
            RESOURCE + " is missing from the class path: the celeriac jar is incomplete");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read " + RESOURCE + ": " + e.getMessage());
    }
  }

  /**
   * The options in an argument file's text: whitespace-separated, {@code #} to the end of the line
   * a comment. Quotes, which the file does not use, are rejected rather than read differently from
   * the java launcher.
   */
  static List<String> parse(String text) {
    List<String> options = new ArrayList<>();
    for (String line : text.split("\n")) {
      int comment = line.indexOf('#');
      String content = comment >= 0 ? line.substring(0, comment) : line;
      ConfigurationException.require(
          content.indexOf('"') < 0 && content.indexOf('\'') < 0,
          "JVM options are written without quotes; got: " + line.strip());
      options.addAll(split(content));
    }
    return List.copyOf(options);
  }

  private static List<String> split(String words) {
    return words.isBlank() ? List.of() : Arrays.asList(words.strip().split("\\s+"));
  }
}
