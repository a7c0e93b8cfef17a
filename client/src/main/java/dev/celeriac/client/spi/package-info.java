/**
 * The worker-facing side of an app: {@link dev.celeriac.client.spi.WorkerClient}, obtained with
 * {@code WorkerClient.of(app)}, publishes prepared messages and follow-ups, records revokes, and
 * hands out the app's result backend, through which a worker stores results. For the worker module
 * and tools built on the broker, not for code that calls tasks.
 */
package dev.celeriac.client.spi;
