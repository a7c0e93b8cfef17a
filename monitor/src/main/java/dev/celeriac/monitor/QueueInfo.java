package dev.celeriac.monitor;

/**
 * One task queue as the broker reports it. Rates (messages per second) are known only from the
 * management API and are null otherwise; {@code deadLetters} is null when the queue has no
 * dead-letter queue.
 */
public record QueueInfo(
    String name,
    long ready,
    Long unacked,
    int consumers,
    Double publishRate,
    Double deliverRate,
    Double ackRate,
    Long deadLetters) {}
