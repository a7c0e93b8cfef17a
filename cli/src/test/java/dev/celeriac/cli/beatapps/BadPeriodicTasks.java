package dev.celeriac.cli.beatapps;

import dev.celeriac.Periodic;
import dev.celeriac.Task;

/** A task whose schedule is wrong: beat must refuse it at start, naming the place. */
public class BadPeriodicTasks {

  @Task(name = "it.beat.bad")
  @Periodic(cron = "*/15 * * * 7")
  public static int bad() {
    return 0;
  }
}
