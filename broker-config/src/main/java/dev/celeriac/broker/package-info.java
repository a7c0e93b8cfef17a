/**
 * Everything about the broker: settings and URLs ({@link dev.celeriac.broker.BrokerSettings},
 * {@link dev.celeriac.broker.BrokerUrl}), connections with recovery, confirmed publishing, header
 * conversion and the exceptions for broker failures. The RabbitMQ server configuration shared by
 * docker-compose and the test containers is in this module's {@code src/main/rabbitmq}.
 */
package dev.celeriac.broker;
