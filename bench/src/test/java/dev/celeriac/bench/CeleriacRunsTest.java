package dev.celeriac.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CeleriacRunsTest {

  @Test
  void runIsSettledOnlyWhenItsCpuMatchesTheRunBeforeAndTheJitWasQuiet() {
    assertFalse(CeleriacRuns.settled(Double.NaN, 0.50, 0), "the first run has nothing to match");
    assertFalse(CeleriacRuns.settled(1.15, 1.29, 0), "CPU 12 % above the run before");
    assertFalse(CeleriacRuns.settled(1.15, 1.20, 120), "within 10 %, but still compiling");
    assertTrue(CeleriacRuns.settled(0.50, 0.47, CeleriacRuns.SETTLED_COMPILATIONS));
    assertTrue(CeleriacRuns.settled(0.50, 0.47, -1), "compilations unknown: CPU alone decides");
  }

  @Test
  void compilationsAreReadFromARunningJvm() {
    long compiled = CeleriacRuns.compilations(ProcessHandle.current().pid());
    assertTrue(compiled > 0, "this JVM has compiled methods by now: " + compiled);
  }
}
