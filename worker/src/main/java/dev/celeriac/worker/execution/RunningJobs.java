package dev.celeriac.worker.execution;

import dev.celeriac.worker.consume.Delivery;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task bodies running now. Apart from {@link TaskExecutor} because two outside callers need
 * them while they run: inspection ({@code active}) and {@code revoke} with terminate.
 */
final class RunningJobs {

  private final Map<Delivery, Job> running = new ConcurrentHashMap<>();

  void add(Job job) {
    running.put(job.delivery, job);
  }

  void remove(Delivery delivery) {
    running.remove(delivery);
  }

  /** Interrupts the running bodies of {@code taskId}; they will be reported REVOKED. */
  void terminate(String taskId) {
    for (Job job : running.values()) {
      if (job.message.id().equals(taskId)) {
        job.terminated = true;
        job.thread.interrupt();
      }
    }
  }

  List<TaskExecutor.RunningTask> list() {
    return running.values().stream()
        .map(
            j ->
                new TaskExecutor.RunningTask(
                    j.message.taskName(), j.message.id(), j.started, j.thread.getName()))
        .toList();
  }
}
