/**
 * The app's sides for other modules and tools, not for code that calls tasks: {@link
 * dev.celeriac.client.spi.WorkerClient}, obtained with {@code WorkerClient.of(app)}, publishes
 * prepared messages and follow-ups, records revokes and hands out the app's result backend, through
 * which a worker stores results (for the worker module and tools built on the broker); {@link
 * dev.celeriac.client.spi.BrokerPort} is what an app publishes through, which test kits and
 * embedders replace with a stand-in ({@code CeleriacBuilder.buildOn}).
 */
package dev.celeriac.client.spi;
