/**
 * Starting {@code celeriac worker} processes as users start them: {@link
 * dev.celeriac.cli.launcher.WorkerLauncher} with the product's {@link
 * dev.celeriac.cli.launcher.JvmOptions}, and the {@link dev.celeriac.cli.launcher.LaunchedWorker}
 * it returns.
 */
package dev.celeriac.cli.launcher;
