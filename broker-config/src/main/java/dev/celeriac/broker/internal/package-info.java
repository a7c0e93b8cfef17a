/** Plumbing shared by Celeriac's modules; not an API. */
package dev.celeriac.broker.internal;
