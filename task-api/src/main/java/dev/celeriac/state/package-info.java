/**
 * Task states and the table of allowed transitions between them. The events that report them are
 * {@link dev.celeriac.protocol.TaskEventType}.
 */
package dev.celeriac.state;
