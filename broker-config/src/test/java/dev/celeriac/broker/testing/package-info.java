/**
 * Shared test support for integration tests against a real RabbitMQ broker; shipped in the
 * broker-config test-jar so the client and worker modules use the same fixture.
 *
 * <p>{@link dev.celeriac.broker.testing.TestBroker} provides the broker: a Testcontainers container
 * per JVM, or an external broker named by {@code CELERIAC_TEST_BROKER_URL}. {@link
 * dev.celeriac.broker.testing.TestEnvironment} decides whether the run is CI, where a missing
 * prerequisite fails a test instead of skipping it. {@link
 * dev.celeriac.broker.testing.PythonCelery} runs Python Celery for the interop tests of every
 * module.
 */
package dev.celeriac.broker.testing;
