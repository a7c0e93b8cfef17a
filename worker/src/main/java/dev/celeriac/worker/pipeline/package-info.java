/**
 * The delivery pipeline: what happens to each message from the broker handing it over to its
 * settlement, and the ports through which it reaches the broker.
 *
 * <ul>
 *   <li>{@link dev.celeriac.worker.pipeline.DeliveryPipeline}: the decisions (delivery limit, size,
 *       decoding, ETA and rate-limit waits, revoked, unknown, expired, arguments, run) and {@link
 *       dev.celeriac.worker.pipeline.AckPolicy}, which maps each {@link
 *       dev.celeriac.worker.pipeline.Outcome} to ack, requeue or dead-letter;
 *   <li>{@link dev.celeriac.worker.pipeline.InFlightRegistry}: one {@link
 *       dev.celeriac.worker.pipeline.DeliveryState} per delivery, with the table of allowed moves;
 *   <li>ports: {@link dev.celeriac.worker.pipeline.Settler}, {@link
 *       dev.celeriac.worker.pipeline.Republisher}, the client's {@code ResultBackend}, the {@code
 *       FollowUpPublisher} and {@link dev.celeriac.worker.pipeline.WorkerTaskListener}; the
 *       broker's adapters live in {@code dev.celeriac.worker.consume}, in-memory ones in the tests.
 * </ul>
 */
package dev.celeriac.worker.pipeline;
