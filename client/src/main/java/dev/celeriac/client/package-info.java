/**
 * The client API: {@link dev.celeriac.client.Celeriac} (one per process), task references ({@link
 * dev.celeriac.client.TaskRef} by name, {@code TaskRef0..4} typed from method references), {@link
 * dev.celeriac.client.TaskOptions} and {@link dev.celeriac.client.AsyncResult}.
 */
package dev.celeriac.client;
