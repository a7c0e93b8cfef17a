/**
 * Thread plumbing shared by Celeriac's modules: {@link
 * dev.celeriac.broker.concurrent.NamedThreadFactory} gives every platform thread a name that says
 * its role.
 */
package dev.celeriac.broker.concurrent;
