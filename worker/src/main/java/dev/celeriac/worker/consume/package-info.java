/** Consuming task queues: outcomes, the ack decision, channel ownership and dead-lettering. */
package dev.celeriac.worker.consume;
