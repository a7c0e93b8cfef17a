/** Task states and the table of allowed transitions between them. */
package dev.celeriac.state;
