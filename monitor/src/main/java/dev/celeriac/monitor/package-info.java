/**
 * The web monitor: {@link dev.celeriac.monitor.Monitor} follows Celery's event stream and the
 * broker's queues and serves a single-page UI, a JSON API and Prometheus metrics over the JDK's
 * HTTP server.
 */
package dev.celeriac.monitor;
