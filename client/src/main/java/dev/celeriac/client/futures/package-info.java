/**
 * SCOOP-style futures over Celeriac tasks: {@link dev.celeriac.client.futures.Futures} (from {@code
 * app.futures()}) submits tasks and maps them over inputs, streaming results in order or as they
 * complete, and folds them with {@code mapReduce} as they arrive. {@link
 * dev.celeriac.client.futures.TaskFuture} is a {@link java.util.concurrent.CompletableFuture} whose
 * {@code cancel} revokes the task. {@link dev.celeriac.client.futures.ManagedBlocking} lets a
 * worker lend a task's slot out while the task waits on sub-futures.
 */
package dev.celeriac.client.futures;
