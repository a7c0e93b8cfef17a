/**
 * The benchmark harness: {@link dev.celeriac.bench.Harness} measures Celeriac, Python Celery and
 * raw amqp-client on the same broker and writes {@code docs/benchmarks.md}.
 */
package dev.celeriac.bench;
