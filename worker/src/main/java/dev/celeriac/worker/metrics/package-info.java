/** A worker's Prometheus metrics (Micrometer), served over HTTP with {@code --metrics-port}. */
package dev.celeriac.worker.metrics;
