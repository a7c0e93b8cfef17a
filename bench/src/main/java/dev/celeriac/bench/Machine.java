package dev.celeriac.bench;

import dev.celeriac.client.spi.WorkerClient;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class Machine {

  private Machine() {}

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "n/a";
    }
  }

  static String cpu() {
    try {
      String model =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).strip())
              .orElse("unknown CPU");
      return Runtime.getRuntime().availableProcessors() + " × " + model;
    } catch (Exception e) {
      return Runtime.getRuntime().availableProcessors() + " CPUs";
    }
  }

  static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal"))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
          .orElse("unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }

  static String rabbitVersion(String url) {
    try (var app = dev.celeriac.client.Celeriac.connect(url)) {
      return WorkerClient.of(app).connection().serverDescription();
    } catch (RuntimeException e) {
      return "RabbitMQ (version unknown)";
    }
  }
}
