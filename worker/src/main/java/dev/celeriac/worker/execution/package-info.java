/**
 * Running tasks, apart from deliveries: argument binding, the pool, built-in and chunk tasks, rate
 * limits, revoked ids, the result states reported to callers ({@link
 * dev.celeriac.worker.execution.StateReporter}), stored through the backend with retries ({@link
 * dev.celeriac.worker.execution.ResultStore}), and the follow-ups published after a task.
 */
package dev.celeriac.worker.execution;
