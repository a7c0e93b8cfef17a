/**
 * The client's machinery: the broker seam ({@code BrokerPort}) and the task publisher over it, the
 * revoke store, result backend lookup, reply dispatch, method-reference lookup. Not an API; no
 * other module imports it.
 */
package dev.celeriac.client.internal;
