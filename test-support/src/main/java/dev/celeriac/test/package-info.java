/**
 * Testing your own tasks: {@link dev.celeriac.test.CeleriacTest} runs a test class against a real
 * RabbitMQ with an in-process worker and an injected client (Celery's {@code
 * celery.contrib.testing}); {@link dev.celeriac.test.EagerCeleriac} runs tasks in the caller's
 * thread with no broker (Celery's {@code task_always_eager}).
 */
package dev.celeriac.test;
