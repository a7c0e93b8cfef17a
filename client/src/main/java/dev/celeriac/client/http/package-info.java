/**
 * Serving HTTP from a Celeriac process: {@link dev.celeriac.client.http.HttpEndpoint}, shared by a
 * worker's Prometheus endpoint and the web monitor.
 */
package dev.celeriac.client.http;
