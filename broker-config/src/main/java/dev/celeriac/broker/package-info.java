/**
 * Everything about the broker: settings and URLs ({@link dev.celeriac.broker.BrokerSettings},
 * {@link dev.celeriac.broker.BrokerUrl}), connections with recovery, confirmed publishing, the
 * shared type of configuration keys ({@link dev.celeriac.broker.ConfigKey}) with the broker's own
 * ({@link dev.celeriac.broker.BrokerKeys}) and the exceptions for broker failures. The RabbitMQ
 * server configuration shared by docker-compose and the test containers is in this module's {@code
 * src/main/rabbitmq}.
 */
package dev.celeriac.broker;
