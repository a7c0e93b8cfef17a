/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J with a memory store) for the demo and local
 * development: {@link dev.celeriac.embedded.EmbeddedBroker}. Not for production: it keeps messages
 * in memory only and differs from RabbitMQ in ways the client adapts to (see {@code
 * dev.celeriac.broker.BrokerDialect}).
 */
package dev.celeriac.embedded;
