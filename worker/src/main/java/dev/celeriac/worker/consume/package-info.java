/**
 * The broker side of a worker: consuming task queues (each consumer settles its own deliveries),
 * following the revoke stream, and the adapters that implement the pipeline's ports over the broker
 * and the worker's client app.
 */
package dev.celeriac.worker.consume;
