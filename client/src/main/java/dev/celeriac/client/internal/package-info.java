/**
 * The client's machinery: the task publisher over the broker seam ({@code spi.BrokerPort}) and its
 * RabbitMQ implementation, the revoke store, result backend lookup, reply dispatch,
 * method-reference lookup. Not an API; no other module imports it.
 */
package dev.celeriac.client.internal;
