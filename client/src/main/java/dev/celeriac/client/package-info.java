/**
 * The client API: {@link dev.celeriac.client.Celeriac} (one per process, from {@link
 * dev.celeriac.client.CeleriacBuilder}), task references ({@link dev.celeriac.client.TaskRef} by
 * name, {@code TaskRef0..4} typed from method references), {@link dev.celeriac.client.TaskOptions},
 * {@link dev.celeriac.client.AsyncResult} and the canvas. Behind the facade, package-private: the
 * message factory (option precedence, message building, no broker) and the calls that watch a
 * result, then publish.
 */
package dev.celeriac.client;
