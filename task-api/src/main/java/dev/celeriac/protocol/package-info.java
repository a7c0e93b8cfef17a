/**
 * Celery's task protocol v2 with JSON and the {@code rpc://} result format: the message model
 * ({@link dev.celeriac.protocol.TaskMessage}, {@link dev.celeriac.protocol.ResultMessage}) and the
 * codecs that turn it into AMQP-ready parts and back. The written spec is docs/protocol.md.
 */
package dev.celeriac.protocol;
