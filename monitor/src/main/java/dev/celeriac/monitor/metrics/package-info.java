/** The monitor's Prometheus metrics ({@link dev.celeriac.monitor.metrics.MonitorMetrics}). */
package dev.celeriac.monitor.metrics;
