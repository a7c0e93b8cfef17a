/** Typed queue and exchange declarations, and the topology Celeriac shares with Celery. */
package dev.celeriac.broker.topology;
