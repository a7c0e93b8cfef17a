package dev.celeriac.cli;

import dev.celeriac.error.ConfigurationException;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The class loader for {@code --classpath}: the user's task classes on top of Celeriac's. */
final class AppClassLoader {

  private AppClassLoader() {}

  static ClassLoader of(String classpath) {
    ClassLoader parent = AppClassLoader.class.getClassLoader();
    if (classpath == null || classpath.isBlank()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      if (entry.endsWith("/*") || entry.equals("*")) {
        Path dir = Path.of(entry.substring(0, entry.length() - 1));
        try (Stream<Path> jars = Files.list(dir)) {
          jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
        } catch (java.io.IOException e) {
          throw new ConfigurationException(
              "--classpath entry '" + entry + "' is not a readable directory");
        }
      } else {
        Path path = Path.of(entry);
        if (!Files.exists(path)) {
          throw new ConfigurationException("--classpath entry '" + entry + "' does not exist");
        }
        urls.add(url(path));
      }
    }
    return new URLClassLoader("celeriac-app", urls.toArray(URL[]::new), parent);
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new ConfigurationException("--classpath entry '" + path + "' is not a valid path");
    }
  }
}
