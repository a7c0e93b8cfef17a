package dev.celeriac.client.futures;

import dev.celeriac.client.TaskException;

/**
 * One input of a map that failed: its position in the input and the task's error.
 *
 * @param index the item's position in the input, from 0
 * @param error why it failed: {@link dev.celeriac.client.TaskFailedException} for what the task
 *     raised, {@link dev.celeriac.client.TaskRevokedException} when it was revoked; its task id is
 *     the item's message, or its chunk's
 */
public record ItemFailure(int index, TaskException error) {}
