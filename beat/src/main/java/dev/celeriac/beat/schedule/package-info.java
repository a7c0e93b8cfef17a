/**
 * Schedule math: when an entry is next due, as pure functions tested with fixed clocks. {@link
 * dev.celeriac.beat.schedule.Every} for intervals, {@link dev.celeriac.beat.schedule.Crontab} for
 * Celery's crontabs.
 */
package dev.celeriac.beat.schedule;
