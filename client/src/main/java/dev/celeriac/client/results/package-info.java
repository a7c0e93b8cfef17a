/**
 * Where task results live, seen from both sides through one interface: a worker stores each state
 * change of a task ({@link dev.celeriac.client.results.ResultBackend#store}); a client watches,
 * fetches and forgets them.
 *
 * <p>{@code rpc://} (results sent to the caller's reply queue) is the built-in backend; durable
 * backends plug in behind the same interface without changes to the worker pipeline or the {@code
 * Celeriac} facade: a backend module implements {@link
 * dev.celeriac.client.results.ResultBackendProvider} for its URL scheme and registers it for {@link
 * java.util.ServiceLoader}. {@link dev.celeriac.client.results.ResultSlot} is the watch a backend
 * hands out: it folds the results the backend receives by the task state table.
 */
package dev.celeriac.client.results;
