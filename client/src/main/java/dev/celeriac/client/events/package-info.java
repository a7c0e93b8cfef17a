/**
 * Celery-compatible events on the {@code celeryev} exchange: {@link
 * dev.celeriac.client.events.EventDispatcher} sends them (workers, and clients' {@code task-sent}),
 * {@link dev.celeriac.client.events.EventReceiver} follows them for monitors.
 */
package dev.celeriac.client.events;
