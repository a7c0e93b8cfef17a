package dev.celeriac.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This process's resource usage under the names of Celery's {@code stats} reply, {@code rusage}:
 * Python's {@code resource.getrusage(RUSAGE_SELF)} ({@code celery/worker/worker.py}). The JVM has
 * no getrusage, so on Linux the same figures are read from {@code /proc/self}: {@code maxrss} is
 * the peak resident set size in KiB, which is what getrusage reports on Linux and what {@code
 * VmHWM} in {@code /proc/self/status} holds; {@code utime} and {@code stime} are the CPU seconds in
 * user and kernel mode ({@code /proc/self/stat}); the page faults and context switches likewise.
 * Elsewhere there is nothing to read, and the reply says {@code "N/A"}, as Celery's does where
 * getrusage is missing.
 *
 * @param utime CPU seconds in user mode
 * @param stime CPU seconds in kernel mode
 * @param maxrss peak resident set size, KiB
 */
record ProcessUsage(
    double utime, double stime, long maxrss, long minflt, long majflt, long nvcsw, long nivcsw) {

  /**
   * Clock ticks per second in {@code /proc/<pid>/stat}: the kernel's USER_HZ, which it fixes at 100
   * for user space on the architectures a JVM runs on (what {@code sysconf(_SC_CLK_TCK)} returns).
   */
  static final double TICKS_PER_SECOND = 100.0;

  /** This process's usage, or empty where {@code /proc/self} cannot be read. */
  static Optional<ProcessUsage> current() {
    try {
      return parse(
          Files.readString(Path.of("/proc/self/stat")),
          Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The usage from the text of {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
  static Optional<ProcessUsage> parse(String stat, String status) {
    // The command name (field 2) is in parentheses and may hold spaces or ')': count from the
    // last ')'. After it, field 3 (state) comes first; minflt is field 10, majflt 12, utime 14,
    // stime 15 (proc(5)).
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
    long minflt = Long.parseLong(f[10 - 3]);
    long majflt = Long.parseLong(f[12 - 3]);
    long utime = Long.parseLong(f[14 - 3]);
    long stime = Long.parseLong(f[15 - 3]);
    Long hwm = statusValue(status, "VmHWM");
    if (hwm == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ProcessUsage(
            utime / TICKS_PER_SECOND,
            stime / TICKS_PER_SECOND,
            hwm,
            minflt,
            majflt,
            orZero(statusValue(status, "voluntary_ctxt_switches")),
            orZero(statusValue(status, "nonvoluntary_ctxt_switches"))));
  }

  /** Celery's {@code rusage} fields that could be read; the others are left out, not made up. */
  void writeTo(ObjectNode rusage) {
    rusage.put("utime", utime);
    rusage.put("stime", stime);
    rusage.put("maxrss", maxrss);
    rusage.put("minflt", minflt);
    rusage.put("majflt", majflt);
    rusage.put("nvcsw", nvcsw);
    rusage.put("nivcsw", nivcsw);
  }

  /** A {@code Name: 123 kB} or {@code name:\t123} line's number. */
  private static Long statusValue(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        String digits = line.substring(name.length() + 1).replaceAll("[^0-9]", "");
        return digits.isEmpty() ? null : Long.valueOf(digits);
      }
    }
    return null;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
