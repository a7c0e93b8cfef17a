/**
 * The part of Celeriac every other module shares: the {@link dev.celeriac.Task} annotation. The
 * wire model lives in {@code dev.celeriac.protocol}, task states in {@code dev.celeriac.state} and
 * the exception tree in {@code dev.celeriac.error}. Nothing here talks to a broker.
 */
package dev.celeriac;
