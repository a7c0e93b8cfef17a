/**
 * Periodic tasks: {@link dev.celeriac.beat.Beat} sends each entry of a schedule ({@link
 * dev.celeriac.beat.ScheduleFile}, {@code @Periodic}) when due. Any number of beats may run; the
 * broker elects the one that sends and keeps the last runs (docs/beat.md).
 */
package dev.celeriac.beat;
