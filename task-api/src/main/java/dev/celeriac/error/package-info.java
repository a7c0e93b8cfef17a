/** Celeriac's exception tree; {@link dev.celeriac.error.CeleriacException} draws all of it. */
package dev.celeriac.error;
