package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessUsageTest {

  // A JVM's /proc/<pid>/stat; its command name holds a space and a parenthesis.
  private static final String STAT =
      "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 52310 0 7 0 1234 56 0 0 20 0 40 0"
          + " 98765 3000000000 40000 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1"
          + " 0 0 0 0 0\n";

  private static final String STATUS =
      "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t   181234 kB\nVmRSS:\t   170000 kB\n"
          + "Threads:\t40\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n";

  @Test
  void readsPeakRssAsMaxrssAndCpuTicksAsSeconds() {
    ProcessUsage usage = ProcessUsage.parse(STAT, STATUS).orElseThrow();
    assertThat(usage.maxrss()).isEqualTo(181_234);
    assertThat(usage.utime()).isEqualTo(12.34);
    assertThat(usage.stime()).isEqualTo(0.56);
    assertThat(usage.minflt()).isEqualTo(52_310);
    assertThat(usage.majflt()).isEqualTo(7);
    assertThat(usage.nvcsw()).isEqualTo(12);
    assertThat(usage.nivcsw()).isEqualTo(3);

    ObjectNode rusage = JsonNodeFactory.instance.objectNode();
    usage.writeTo(rusage);
    assertThat(rusage.path("maxrss").asLong()).isEqualTo(181_234);
    assertThat(rusage.has("ixrss")).isFalse(); // not readable, so not sent
  }

  @Test
  void withoutAPeakRssThereIsNoUsage() {
    assertThat(ProcessUsage.parse(STAT, "Name:\tjava\n")).isEmpty();
  }

  @Test
  void readsThisProcessOnLinux() {
    if (!Files.isReadable(Path.of("/proc/self/status"))) {
      assertThat(ProcessUsage.current()).isEmpty();
      return;
    }
    ProcessUsage usage = ProcessUsage.current().orElseThrow();
    // A JVM's peak RSS holds its code and some heap: well over 10 MB.
    assertThat(usage.maxrss()).isGreaterThan(10_000);
    assertThat(usage.utime() + usage.stime()).isGreaterThan(0);
  }
}
