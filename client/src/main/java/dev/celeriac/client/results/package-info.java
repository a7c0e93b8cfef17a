/**
 * Where task results live, seen from both sides through one interface: a worker stores each state
 * change of a task ({@link dev.celeriac.client.results.ResultBackend#store}); a client watches,
 * fetches and forgets them.
 *
 * <p>{@code rpc://} (results sent to the caller's reply queue) is the built-in backend; durable
 * backends plug in behind the same interface without changes to the worker pipeline or the {@code
 * Celeriac} facade.
 */
package dev.celeriac.client.results;
