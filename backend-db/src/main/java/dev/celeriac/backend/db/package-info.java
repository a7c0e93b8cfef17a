/**
 * Task results in PostgreSQL, in the tables and format of Celery's database result backend ({@code
 * db+postgresql://}), so Celeriac and Python Celery read each other's results: {@link
 * dev.celeriac.backend.db.DatabaseResultBackend} and its {@link
 * dev.celeriac.backend.db.DatabaseBackendSettings}. The client finds the backend by URL through
 * {@link dev.celeriac.backend.db.DatabaseResultBackendProvider}.
 */
package dev.celeriac.backend.db;
