/**
 * The worker: {@link dev.celeriac.worker.Worker}, its {@link dev.celeriac.worker.WorkerSettings}
 * and the {@link dev.celeriac.worker.TaskRegistry} of {@code @Task} methods.
 */
package dev.celeriac.worker;
