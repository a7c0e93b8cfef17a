/** Running tasks: argument binding, the pool, result publishing and the delivery pipeline. */
package dev.celeriac.worker.execution;
