/** A worker's Celery events: task events with {@code -E}, and worker heartbeats. */
package dev.celeriac.worker.events;
