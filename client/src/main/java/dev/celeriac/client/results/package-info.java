/**
 * Where task results live, seen from both sides through one interface: a worker stores each state
 * change of a task ({@link dev.celeriac.client.results.ResultBackend#store}); a client watches,
 * fetches and forgets them.
 *
 * <p>{@code rpc://} (results sent to the caller's reply queue) is the built-in backend; durable
 * backends plug in behind the same interface without changes to the worker pipeline or the {@code
 * Celeriac} facade. A durable backend's module announces a {@link
 * dev.celeriac.client.results.ResultBackendProvider} as a {@link java.util.ServiceLoader} service,
 * so the client creates it from a URL without a compile-time dependency.
 */
package dev.celeriac.client.results;
