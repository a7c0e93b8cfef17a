/**
 * Dead-letter queues as operators use them: list, replay and purge the messages workers could not
 * process ({@link dev.celeriac.broker.deadletter.DeadLetterQueue}), and the headers that say why
 * ({@link dev.celeriac.broker.deadletter.DeadLetterHeaders}).
 */
package dev.celeriac.broker.deadletter;
