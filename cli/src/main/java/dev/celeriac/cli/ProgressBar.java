package dev.celeriac.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar for long benchmark phases, drawn only when the output is a terminal
 * (never into logs or pipes).
 */
final class ProgressBar {

  private static final int WIDTH = 40;

  private final PrintWriter out;
  private final String label;
  private final int total;
  private final boolean enabled;
  private int drawn = -1;

  ProgressBar(PrintWriter out, String label, int total) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.enabled = isTerminal();
  }

  /** Whether standard output is an interactive terminal. */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+: a console exists even when redirected; isTerminal() tells.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console exists only for a terminal
    }
  }

  void update(int done) {
    if (!enabled) {
      return;
    }
    int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
    if (filled == drawn && done != total) {
      return;
    }
    drawn = filled;
    out.print(
        "\r"
            + label
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + done
            + "/"
            + total);
    out.flush();
  }

  /** Clears the bar's line. */
  void finish() {
    if (enabled && drawn >= 0) {
      out.print("\r" + " ".repeat(label.length() + WIDTH + 24) + "\r");
      out.flush();
    }
  }
}
